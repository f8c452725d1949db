package dev.chainrule.nn.io;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of tensors, names, metadata and valid files for the safetensors properties. */
final class SafeTensorsArbitraries {
  private SafeTensorsArbitraries() {}

  /** Pieces that exercise escaping and UTF-8: quotes, backslashes, controls, accents, CJK, an emoji. */
  private static final List<String> NAME_PIECES = List.of(
      "w", "bias", "0", ".", "layer", "\"", "\\", "/", "\u0000", "\t", "\n", "\u001f", "\u007f",
      "é", "中", "😀", "\u2028", " ", "{", "}", ":", ",", "[");

  /** Shapes of rank 0 to 4 with dimensions 0 to 4, so empty tensors are common. */
  static Arbitrary<Shape> shapes() {
    return Arbitraries.integers().between(0, 4).list().ofMaxSize(4)
        .map(dims -> Shape.of(dims.stream().mapToInt(Integer::intValue).toArray()));
  }

  /**
   * Arrays of either dtype whose elements are arbitrary bit patterns, with NaN, infinities, -0.0 and
   * subnormals mixed in. Elements come from a generated seed, which keeps generation fast.
   */
  static Arbitrary<NdArray> arrays() {
    return Combinators.combine(shapes(), Arbitraries.of(DType.values()), Arbitraries.longs())
        .as(SafeTensorsArbitraries::array);
  }

  private static NdArray array(Shape shape, DType dtype, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[shape.size()];
    float[] floats = new float[shape.size()];
    for (int i = 0; i < values.length; i++) {
      boolean special = random.nextInt(8) == 0;
      values[i] = special ? SPECIALS[random.nextInt(SPECIALS.length)] : Double.longBitsToDouble(random.nextLong());
      floats[i] = special ? (float) values[i] : Float.intBitsToFloat(random.nextInt());
    }
    return dtype == DType.FLOAT64 ? NdArray.of(shape, values) : NdArray.ofFloats(shape, floats);
  }

  private static final double[] SPECIALS = {
    Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, Float.MIN_VALUE, 1.0
  };

  /** Names built from awkward pieces; may be empty. */
  static Arbitrary<String> names() {
    return Arbitraries.of(NAME_PIECES).list().ofMaxSize(6).map(pieces -> String.join("", pieces));
  }

  /** Insertion-ordered maps of up to five tensors. */
  static Arbitrary<Map<String, NdArray>> tensorMaps() {
    return Combinators.combine(names().list().uniqueElements().ofMaxSize(5), arrays().list().ofSize(5))
        .as((names, arrays) -> {
          Map<String, NdArray> tensors = new LinkedHashMap<>();
          for (int i = 0; i < names.size(); i++) {
            tensors.put(names.get(i), arrays.get(i));
          }
          return tensors;
        });
  }

  /** Insertion-ordered metadata of up to three entries. */
  static Arbitrary<Map<String, String>> metadata() {
    return Combinators.combine(names().list().uniqueElements().ofMaxSize(3), names().list().ofSize(3))
        .as((keys, values) -> {
          Map<String, String> metadata = new LinkedHashMap<>();
          for (int i = 0; i < keys.size(); i++) {
            metadata.put(keys.get(i), values.get(i));
          }
          return metadata;
        });
  }

  /** Encoded valid files with at least one tensor holding data. */
  static Arbitrary<byte[]> validFiles() {
    return Combinators.combine(tensorMaps(), metadata(), arrays().filter(a -> a.size() > 0))
        .as((tensors, metadata, extra) -> {
          Map<String, NdArray> withData = new LinkedHashMap<>(tensors);
          withData.put("extra", extra);
          return SafeTensors.encode(withData, metadata);
        });
  }
}
