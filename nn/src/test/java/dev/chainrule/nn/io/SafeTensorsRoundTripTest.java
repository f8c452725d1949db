package dev.chainrule.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SafeTensorsRoundTripTest {
  @Property(tries = 300)
  void decodeInvertsEncodeKeepingOrderDTypesAndBits(
      @ForAll("tensorMaps") Map<String, NdArray> tensors, @ForAll("metadata") Map<String, String> metadata) {
    SafeTensors.Contents contents = SafeTensors.decode(SafeTensors.encode(tensors, metadata));
    assertEquals(tensors, contents.tensors());
    assertEquals(new ArrayList<>(tensors.keySet()), new ArrayList<>(contents.tensors().keySet()));
    assertEquals(metadata, contents.metadata());
    assertEquals(new ArrayList<>(metadata.keySet()), new ArrayList<>(contents.metadata().keySet()));
  }

  @Property(tries = 200)
  void encodedHeaderIsAnObjectPaddedWithSpacesToAMultipleOfEight(
      @ForAll("tensorMaps") Map<String, NdArray> tensors, @ForAll("metadata") Map<String, String> metadata) {
    byte[] file = SafeTensors.encode(tensors, metadata);
    String header = HandBuilt.header(file);
    assertEquals(0, (HandBuilt.dataStart(file) - 8) % 8);
    assertTrue(header.startsWith("{"), header);
    assertTrue(header.stripTrailing().endsWith("}"), header);
    assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(c -> c == ' '), header);
  }

  @Example
  void oddShapesRoundTripInBothDTypes() {
    Random random = new Random(7);
    Map<String, NdArray> tensors = new LinkedHashMap<>();
    for (DType dtype : DType.values()) {
      tensors.put("scalar " + dtype, NdArray.scalar(-0.0, dtype));
      tensors.put("empty rows " + dtype, NdArray.zeros(Shape.of(0, 3), dtype));
      tensors.put("empty middle " + dtype, NdArray.zeros(Shape.of(3, 0, 2), dtype));
      tensors.put("one " + dtype, NdArray.full(Shape.of(1), dtype, Double.NaN));
      tensors.put("large " + dtype, NdArray.randn(Shape.of(301, 257), dtype, random));
      tensors.put("rank five " + dtype, NdArray.randn(Shape.of(2, 1, 3, 1, 2), dtype, random));
    }
    tensors.put("infinities", NdArray.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE));
    assertEquals(tensors, SafeTensors.decode(SafeTensors.encode(tensors, Map.of())).tensors());
  }

  @Example
  void namesAndMetadataWithUnicodeAndEscapesRoundTrip() {
    Map<String, NdArray> tensors = new LinkedHashMap<>();
    List<String> names = List.of("", "é中😀", "quote\" back\\slash /", "nul\u0000 tab\t newline\n", "\u2028\u007f", "__metadata", "{\"a\":1}");
    for (int i = 0; i < names.size(); i++) {
      tensors.put(names.get(i), NdArray.of(i));
    }
    Map<String, String> metadata = Map.of("format", "pt", "clé \"😀\"", "line\nbreak\\", "", "");
    SafeTensors.Contents contents = SafeTensors.decode(SafeTensors.encode(tensors, metadata));
    assertEquals(names, new ArrayList<>(contents.tensors().keySet()));
    assertEquals(tensors, contents.tensors());
    assertEquals(metadata, contents.metadata());
  }

  @Example
  void writeThenReadRoundTripsThroughAFile() throws Exception {
    Path directory = Files.createTempDirectory("safetensors");
    Path file = directory.resolve("model.safetensors");
    Map<String, NdArray> tensors = Map.of("w", NdArray.ofFloats(Shape.of(2), 1.5f, -2f));
    SafeTensors.write(file, tensors, Map.of("step", "3"));
    SafeTensors.Contents contents = SafeTensors.read(file);
    assertEquals(new SafeTensors.Contents(tensors, Map.of("step", "3")), contents);
    Files.delete(file);
    Files.delete(directory);
  }

  @Example
  void contentsAreImmutable() {
    Map<String, NdArray> source = new LinkedHashMap<>(Map.of("w", NdArray.of(1)));
    SafeTensors.Contents contents = new SafeTensors.Contents(source, new HashMap<>());
    source.clear();
    assertEquals(1, contents.tensors().size());
    assertThrows(UnsupportedOperationException.class, () -> contents.tensors().clear());
    assertThrows(UnsupportedOperationException.class, () -> contents.metadata().put("k", "v"));
  }

  @Example
  void encodeRejectsTheReservedNameNullsAndUnpairedSurrogates() {
    NdArray x = NdArray.of(1);
    assertRejected("__metadata__", () -> SafeTensors.encode(Map.of("__metadata__", x), Map.of()));
    assertRejected("unpaired surrogate", () -> SafeTensors.encode(Map.of("bad\ud800", x), Map.of()));
    assertRejected("unpaired surrogate", () -> SafeTensors.encode(Map.of("w", x), Map.of("\udc00", "v")));
    Map<String, NdArray> nullValue = new HashMap<>();
    nullValue.put("w", null);
    assertRejected("\"w\" is null", () -> SafeTensors.encode(nullValue, Map.of()));
    Map<String, String> nullMetadata = new HashMap<>();
    nullMetadata.put("k", null);
    assertRejected("null value", () -> SafeTensors.encode(Map.of(), nullMetadata));
  }

  private static void assertRejected(String fragment, Runnable encode) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, encode::run);
    assertTrue(e.getMessage().startsWith("safetensors: ") && e.getMessage().contains(fragment), e.getMessage());
  }

  @Provide
  Arbitrary<Map<String, NdArray>> tensorMaps() {
    return SafeTensorsArbitraries.tensorMaps();
  }

  @Provide
  Arbitrary<Map<String, String>> metadata() {
    return SafeTensorsArbitraries.metadata();
  }
}
