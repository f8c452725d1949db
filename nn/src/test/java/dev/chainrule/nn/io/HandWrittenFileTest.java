package dev.chainrule.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;

/** Files written byte by byte from the specification, read by the decoder, and the encoder's exact bytes. */
class HandWrittenFileTest {
  @Example
  void fileBuiltFromTheSpecificationReadsBack() {
    String header = "{\n"
        + "  \"scale\": {\"dtype\": \"F64\", \"shape\": [], \"data_offsets\": [16, 24]},\n"
        + "  \"__metadata__\": {\"format\": \"pt\", \"note\": \"caf\\u00e9 \\\"quoted\\\" \\/ \\\\\"},\n"
        + "  \"weight\": {\"shape\": [2, 2], \"dtype\": \"F32\", \"data_offsets\": [0, 16]},\n"
        + "  \"half\": {\"dtype\": \"F16\", \"shape\": [4], \"data_offsets\": [24, 32]},\n"
        + "  \"brain\": {\"dtype\": \"BF16\", \"shape\": [2], \"data_offsets\": [32, 36]},\n"
        + "  \"empty\": {\"dtype\": \"F32\", \"shape\": [0, 3], \"data_offsets\": [36, 36]},\n"
        + "  \"na\\u00efve \\ud83d\\ude00 中\": {\"dtype\": \"F64\", \"shape\": [1], \"data_offsets\": [36, 44]}\n"
        + "}    ";
    byte[] data = HandBuilt.concat(
        HandBuilt.floats(1f, -2.5f, 3e-3f, Float.MAX_VALUE),
        HandBuilt.doubles(Math.PI),
        HandBuilt.halves(0x3c00, 0xc000, 0x7bff, 0x0001),
        HandBuilt.halves(0x3f80, 0xc049),
        HandBuilt.doubles(-1e300));

    SafeTensors.Contents contents = SafeTensors.decode(HandBuilt.file(header, data));

    assertEquals(List.of("scale", "weight", "half", "brain", "empty", "naïve 😀 中"), List.copyOf(contents.tensors().keySet()));
    assertEquals(NdArray.scalar(Math.PI), contents.tensors().get("scale"));
    assertEquals(NdArray.ofFloats(Shape.of(2, 2), 1f, -2.5f, 3e-3f, Float.MAX_VALUE), contents.tensors().get("weight"));
    assertEquals(NdArray.ofFloats(Shape.of(4), 1f, -2f, 65504f, 0x1p-24f), contents.tensors().get("half"));
    assertEquals(NdArray.ofFloats(Shape.of(2), 1f, -3.140625f), contents.tensors().get("brain"));
    assertEquals(NdArray.zeros(Shape.of(0, 3), DType.FLOAT32), contents.tensors().get("empty"));
    assertEquals(NdArray.of(-1e300), contents.tensors().get("naïve 😀 中"));
    assertEquals(Map.of("format", "pt", "note", "café \"quoted\" / \\"), contents.metadata());
  }

  @Example
  void smallestFileIsAnEmptyHeader() {
    SafeTensors.Contents contents = SafeTensors.decode(HandBuilt.file("{}", new byte[0]));
    assertEquals(Map.of(), contents.tensors());
    assertEquals(Map.of(), contents.metadata());
  }

  @Example
  void encoderWritesExactlyTheSpecifiedBytesWithFloat64DataFirst() {
    Map<String, NdArray> tensors = new LinkedHashMap<>();
    tensors.put("b", NdArray.ofFloats(Shape.of(2), 1f, 2f));
    tensors.put("a\"", NdArray.of(3.0));
    String header = "{\"__metadata__\":{\"k\":\"v\"},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
        + "\"a\\\"\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
    String padded = header + " ".repeat((8 - header.length() % 8) % 8);
    byte[] expected = HandBuilt.file(padded, HandBuilt.concat(HandBuilt.doubles(3.0), HandBuilt.floats(1f, 2f)));

    assertArrayEquals(expected, SafeTensors.encode(tensors, Map.of("k", "v")));
  }

  @Example
  void halfPrecisionWidensExactlyForEveryBitPattern() {
    for (int bits = 0; bits <= 0xffff; bits++) {
      int exponent = (bits >> 10) & 0x1f;
      int mantissa = bits & 0x3ff;
      double magnitude = exponent == 0x1f
          ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
          : exponent == 0 ? Math.scalb((double) mantissa, -24) : Math.scalb(1 + mantissa / 1024.0, exponent - 15);
      double expected = (bits & 0x8000) == 0 ? magnitude : -magnitude;
      assertEquals(expected, (double) StoredType.halfToFloat((short) bits), "bits " + Integer.toHexString(bits));
    }
  }

  @Example
  void bfloat16IsTheUpperHalfOfAFloat32() {
    byte[] file = HandBuilt.file(
        "{\"x\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]}}",
        HandBuilt.halves(0x0000, 0x8000, 0x7f80, 0x4049));
    assertEquals(
        NdArray.ofFloats(Shape.of(4), 0f, -0f, Float.POSITIVE_INFINITY, 3.140625f),
        SafeTensors.decode(file).tensors().get("x"));
  }

  @Example
  void integersReadExactlyUpToTwoToThe53() {
    long limit = 1L << 53;
    byte[] file = HandBuilt.file(
        "{\"step\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[0,24]},"
            + "\"count\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[24,32]}}",
        HandBuilt.concat(HandBuilt.longs(limit, -limit, 7), HandBuilt.ints(Integer.MAX_VALUE, Integer.MIN_VALUE)));
    SafeTensors.Contents contents = SafeTensors.decode(file);
    assertEquals(NdArray.of(Shape.of(3), new double[] {limit, -limit, 7}), contents.tensors().get("step"));
    assertEquals(NdArray.of(Shape.of(2), new double[] {Integer.MAX_VALUE, Integer.MIN_VALUE}), contents.tensors().get("count"));
  }

  @Example
  void int64BeyondTwoToThe53IsRefusedNotRounded() {
    for (long value : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, (1L << 53) + 1, -(1L << 53) - 1, (1L << 53) + 2}) {
      byte[] file = HandBuilt.file(
          "{\"ok\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
              + "\"step\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[8,24]}}",
          HandBuilt.longs(1, 0, value));
      Rejections.assertRejected(file, "tensor \"step\": holds the I64 value " + value + " at index 1, which a float64 "
          + "cannot hold exactly; I64 values must satisfy |v| <= 2^53 = 9007199254740992");
    }
  }
}
