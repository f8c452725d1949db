package dev.chainrule.nn.io;

import static dev.chainrule.nn.io.Rejections.assertRejected;
import static dev.chainrule.nn.io.Rejections.decodeOrReject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Damaged files: truncations, appended bytes, flipped bytes, lying header lengths and bad data offsets. */
class CorruptFileTest {
  private static final byte[] SMALL = small();

  private static byte[] small() {
    Map<String, NdArray> tensors = new LinkedHashMap<>();
    tensors.put("weight", NdArray.ofFloats(Shape.of(2, 3), 1, 2, 3, 4, 5, 6));
    tensors.put("bias", NdArray.of(0.5, -0.5, 1e-9));
    tensors.put("empty", NdArray.zeros(Shape.of(0), DType.FLOAT32));
    tensors.put("step", NdArray.scalar(3));
    return SafeTensors.encode(tensors, Map.of("format", "pt"));
  }

  @Example
  void everyTruncationOfAValidFileIsRejected() {
    for (int length = 0; length < SMALL.length; length++) {
      assertRejected(Arrays.copyOf(SMALL, length), "");
    }
  }

  @Property(tries = 200)
  void truncatedFilesAreRejected(
      @ForAll("validFiles") byte[] file, @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double where) {
    assertRejected(Arrays.copyOf(file, (int) (where * file.length)), "");
  }

  @Property(tries = 100)
  void filesWithTrailingBytesAreRejected(@ForAll("validFiles") byte[] file, @ForAll @Size(min = 1, max = 16) byte[] extra) {
    assertRejected(HandBuilt.concat(file, extra), "but the tensors cover");
  }

  @Property(tries = 300)
  void flippedBytesAreRejectedOrDecodedButNeverThrowAnythingElse(
      @ForAll("validFiles") byte[] file,
      @ForAll @Size(min = 1, max = 4) List<@DoubleRange(min = 0, max = 1, maxIncluded = false) Double> where,
      @ForAll @IntRange(min = 1, max = 255) int mask) {
    byte[] flipped = file.clone();
    for (double w : where) {
      flipped[(int) (w * file.length)] ^= (byte) mask;
    }
    decodeOrReject(flipped);
  }

  @Property(tries = 200)
  void flippedBytesInTheDataSectionAreLegalValues(
      @ForAll("validFiles") byte[] file,
      @ForAll @Size(min = 1, max = 4) List<@DoubleRange(min = 0, max = 1, maxIncluded = false) Double> where,
      @ForAll @IntRange(min = 1, max = 255) int mask) {
    int dataStart = HandBuilt.dataStart(file);
    byte[] flipped = file.clone();
    for (double w : where) {
      flipped[dataStart + (int) (w * (file.length - dataStart))] ^= (byte) mask;
    }
    SafeTensors.Contents original = SafeTensors.decode(file);
    SafeTensors.Contents decoded = SafeTensors.decode(flipped);
    assertEquals(original.tensors().keySet(), decoded.tensors().keySet());
    original.tensors().forEach((name, array) -> assertEquals(array.shape(), decoded.tensors().get(name).shape()));
  }

  @Property(tries = 300)
  void anyOtherHeaderLengthIsRejected(@ForAll("validFiles") byte[] file, @ForAll("headerLengths") long length) {
    Assume.that(length != HandBuilt.dataStart(file) - 8);
    byte[] lying = file.clone();
    ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
    assertRejected(lying, "");
  }

  @Example
  void hostileHeaderLengthsAreRejectedWithAClearMessage() {
    byte[] rest = Arrays.copyOfRange(SMALL, 8, SMALL.length);
    assertRejected(new byte[7], "the file has 7 bytes; the header length alone needs 8");
    assertRejected(HandBuilt.withLength(0, rest), "header length 0 is too small");
    assertRejected(HandBuilt.withLength(1, rest), "header length 1 is too small");
    assertRejected(HandBuilt.withLength(-1, rest), "header length 18446744073709551615 exceeds the limit of 100000000 bytes");
    assertRejected(HandBuilt.withLength(Long.MIN_VALUE, rest), "header length 9223372036854775808 exceeds the limit");
    assertRejected(HandBuilt.withLength(100_000_001, rest), "exceeds the limit");
    assertRejected(HandBuilt.withLength(Integer.MAX_VALUE + 1L, rest), "exceeds the limit");
    assertRejected(HandBuilt.withLength(rest.length + 1, rest), "exceeds the " + rest.length + " bytes after the length field");
  }

  @Property(tries = 500)
  void offsetsMustTileTheDataSectionExactly(
      @ForAll("offsets") long aBegin, @ForAll("offsets") long aEnd, @ForAll("offsets") long bBegin, @ForAll("offsets") long bEnd) {
    byte[] file = twoTensors(aBegin, aEnd, bBegin, bEnd, 20);
    boolean aFirst = aBegin == 0 && aEnd == 8 && bBegin == 8 && bEnd == 20;
    boolean bFirst = bBegin == 0 && bEnd == 12 && aBegin == 12 && aEnd == 20;
    if (aFirst || bFirst) {
      assertEquals(2, SafeTensors.decode(file).tensors().size());
    } else {
      assertRejected(file, "");
    }
  }

  @Example
  void offsetProblemsNameTheTensorAndTheRanges() {
    assertEquals(2, SafeTensors.decode(twoTensors(12, 20, 0, 12, 20)).tensors().size());
    assertRejected(twoTensors(0, 8, 4, 16, 20), "tensor \"b\": data_offsets [4, 16] overlap tensor \"a\", which ends at 8");
    assertRejected(twoTensors(8, 0, 8, 20, 20), "tensor \"a\": data_offsets [8, 0] are reversed");
    assertRejected(twoTensors(0, 8, 12, 24, 20), "tensor \"b\": data_offsets [12, 24] end past the data section of 20 bytes");
    assertRejected(twoTensors(0, 4, 4, 16, 20), "tensor \"a\": data_offsets [0, 4] hold 4 bytes but F32 [2] needs 8");
    assertRejected(twoTensors(0, 8, 12, 24, 24), "tensor \"b\": data_offsets [12, 24] leave bytes [8, 12) of the data section unused");
    assertRejected(twoTensors(0, 8, 8, 20, 24), "the data section has 24 bytes but the tensors cover 20");
    assertRejected(twoTensors(0, 8, Long.MAX_VALUE - 3, Long.MAX_VALUE + 9, 20), "larger than 2^63 - 1");
    assertRejected(twoTensors(0, 8, Long.MAX_VALUE - 11, Long.MAX_VALUE, 20), "end past the data section");
  }

  /** {@code a}: F32 [2] (8 bytes), {@code b}: F32 [3] (12 bytes), over {@code dataLength} bytes. */
  private static byte[] twoTensors(long aBegin, long aEnd, long bBegin, long bEnd, int dataLength) {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + aBegin + "," + aEnd + "]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[" + Long.toUnsignedString(bBegin) + ","
        + Long.toUnsignedString(bEnd) + "]}}";
    return HandBuilt.file(header, new byte[dataLength]);
  }

  @Provide
  Arbitrary<Long> offsets() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of(0L, 8L, 12L, 20L)),
        Tuple.of(3, Arbitraries.longs().between(0, 24)),
        Tuple.of(1, Arbitraries.of(Long.MAX_VALUE, Integer.MAX_VALUE + 1L, 1L << 32, (long) Integer.MAX_VALUE)));
  }

  @Provide
  Arbitrary<Long> headerLengths() {
    return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 2000));
  }

  @Provide
  Arbitrary<byte[]> validFiles() {
    return SafeTensorsArbitraries.validFiles();
  }
}
