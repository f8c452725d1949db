package dev.chainrule.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ParameterSchema}: names, shapes and dtypes of parameters, checked maps and their bytes. */
class ParameterSchemaTest {
  private static Module model(DType dtype, long seed) {
    Random random = new Random(seed);
    return Sequential.of(
        Linear.create(3, 4, dtype, Init.xavierUniform(), random),
        Activation.relu(),
        Linear.create(4, 2, dtype, Init.xavierUniform(), random));
  }

  @Test
  void describesTheParametersInModuleOrder() {
    ParameterSchema schema = ParameterSchema.of(model(DType.FLOAT64, 1));
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), schema.names());
    assertEquals(Shape.of(4, 3), schema.shape("0.weight"));
    assertEquals(Shape.of(2), schema.shape("2.bias"));
    assertEquals(DType.FLOAT64, schema.dtype("0.bias"));
    assertEquals(12 + 4 + 8 + 2, schema.elements());
    assertEquals(ParameterSchema.of(model(DType.FLOAT64, 2)), schema);
    assertTrue(!schema.equals(ParameterSchema.of(model(DType.FLOAT32, 1))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schema.shape("weight"));
    assertTrue(e.getMessage().startsWith("schema: no parameter named weight"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void aFlatVectorHoldsTheArraysInSchemaOrderAndBack(DType dtype) {
    Module model = model(dtype, 4);
    ParameterSchema schema = ParameterSchema.of(model);
    Map<String, NdArray> values = ParameterSchema.values(model);
    double[] vector = schema.flatten(values);
    assertEquals(schema.elements(), vector.length);
    // the first bias comes right after the first weight's 12 elements
    assertEquals(values.get("0.bias").toDoubleArray()[0], vector[12]);
    assertEquals(values, schema.unflatten(vector, "unflatten"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> schema.unflatten(new double[5], "gradients from partition 1"));
    assertEquals("gradients from partition 1: a vector of 26 values does not match the model's 4 parameters; got 5"
        + " values", e.getMessage());
    Map<String, NdArray> missing = new java.util.LinkedHashMap<>(values);
    missing.remove("2.bias");
    assertThrows(IllegalArgumentException.class, () -> schema.flatten(missing));
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void encodeThenDecodeGivesTheArraysBitForBit(DType dtype) {
    Module model = model(dtype, 3);
    ParameterSchema schema = ParameterSchema.of(model);
    Map<String, NdArray> values = ParameterSchema.values(model);
    Map<String, NdArray> decoded = schema.decode(schema.encode(values), "decode");
    assertEquals(values, decoded); // NdArray equality compares every bit pattern of the elements
    assertEquals(schema.names(), List.copyOf(decoded.keySet()));
    for (String name : schema.names()) {
      assertArrayEquals(values.get(name).toDoubleArray(), decoded.get(name).toDoubleArray());
      assertEquals(dtype, decoded.get(name).dtype());
    }
    assertThrows(UnsupportedOperationException.class, () -> decoded.remove("0.bias"));
  }

  @Test
  void encodingKeepsTheSchemasOrderWhateverTheMapsOrder() {
    Module model = model(DType.FLOAT64, 4);
    ParameterSchema schema = ParameterSchema.of(model);
    Map<String, NdArray> reversed = new LinkedHashMap<>();
    List<String> names = schema.names();
    for (int i = names.size() - 1; i >= 0; i--) {
      reversed.put(names.get(i), ParameterSchema.values(model).get(names.get(i)));
    }
    assertArrayEquals(schema.encode(ParameterSchema.values(model)), schema.encode(reversed));
  }

  private static String rejection(Consumer<Map<String, NdArray>> spoil) {
    Module model = model(DType.FLOAT64, 5);
    Map<String, NdArray> values = new LinkedHashMap<>(ParameterSchema.values(model));
    spoil.accept(values);
    return assertThrows(IllegalArgumentException.class, () -> ParameterSchema.of(model).check(values, "merge"))
        .getMessage();
  }

  @Test
  void checkNamesAMissingEntry() {
    assertEquals(
        "merge: 0.bias is missing; expected float64[4], got names [0.weight, 2.weight, 2.bias]",
        rejection(v -> v.remove("0.bias")));
  }

  @Test
  void checkNamesAnExtraEntry() {
    assertEquals(
        "merge: 3.bias is unexpected; expected names [0.weight, 0.bias, 2.weight, 2.bias], "
            + "got [0.weight, 0.bias, 2.weight, 2.bias, 3.bias]",
        rejection(v -> v.put("3.bias", NdArray.of(1, 2))));
  }

  @Test
  void checkNamesAShapeMismatch() {
    assertEquals(
        "merge: 2.weight expects float64[2, 4]; got float64[4, 2]",
        rejection(v -> v.put("2.weight", NdArray.zeros(Shape.of(4, 2), DType.FLOAT64))));
  }

  @Test
  void checkNamesADtypeMismatch() {
    assertEquals(
        "merge: 0.weight expects float64[4, 3]; got float32[4, 3]",
        rejection(v -> v.put("0.weight", v.get("0.weight").to(DType.FLOAT32))));
  }

  @Test
  void decodeChecksAgainstTheSchema() {
    ParameterSchema float32 = ParameterSchema.of(model(DType.FLOAT32, 6));
    byte[] bytes = ParameterSchema.of(model(DType.FLOAT64, 6)).encode(ParameterSchema.values(model(DType.FLOAT64, 6)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> float32.decode(bytes, "gradients of task 3"));
    assertEquals("gradients of task 3: 0.weight expects float32[4, 3]; got float64[4, 3]", e.getMessage());
    IllegalArgumentException encode = assertThrows(
        IllegalArgumentException.class, () -> float32.encode(Map.of()));
    assertTrue(encode.getMessage().startsWith("encode: 0.weight is missing"), encode.getMessage());
  }

  @Test
  void loadReplacesTheParametersAndDropsTheirGradients() {
    Module target = model(DType.FLOAT64, 7);
    Module source = model(DType.FLOAT64, 8);
    target.forward(Tensor.of(new double[][] {{1, 2, 3}})).sum().backward();
    ParameterSchema.of(target).load(target, ParameterSchema.values(source));
    assertEquals(ParameterSchema.values(source), ParameterSchema.values(target));
    target.parameters().forEach(p -> assertTrue(!p.hasGrad()));
  }

  @Test
  void loadChangesNothingOnABadMap() {
    Module model = model(DType.FLOAT64, 9);
    Map<String, NdArray> before = ParameterSchema.values(model);
    Map<String, NdArray> bad = new LinkedHashMap<>(ParameterSchema.values(model(DType.FLOAT64, 10)));
    bad.put("2.bias", NdArray.of(1, 2, 3)); // the last entry is wrong; the earlier ones must not be loaded
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ParameterSchema.of(model).load(model, bad));
    assertEquals("load: 2.bias expects float64[2]; got float64[3]", e.getMessage());
    assertEquals(before, ParameterSchema.values(model));
  }

  @Test
  void loadRejectsAModuleOfAnotherSchema() {
    Module model = model(DType.FLOAT32, 11);
    ParameterSchema float64 = ParameterSchema.of(model(DType.FLOAT64, 11));
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class,
        () -> float64.load(model, ParameterSchema.values(model(DType.FLOAT64, 12))));
    assertTrue(e.getMessage().startsWith("load: module: 0.weight expects float64[4, 3]"), e.getMessage());
  }

  @Test
  void gradientsAreTheAccumulatedOnesAndAMissingOneIsNamed() {
    Module model = model(DType.FLOAT64, 13);
    Tensor x = Tensor.of(new double[][] {{1, -2, 3}});
    model.forward(x).sum().backward();
    Map<String, NdArray> gradients = ParameterSchema.gradients(model);
    assertEquals(model.namedParameters().get("2.bias").grad(), gradients.get("2.bias"));
    assertEquals(NdArray.of(1, 1), gradients.get("2.bias"));
    model.namedParameters().get("2.weight").zeroGrad();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ParameterSchema.gradients(model));
    assertEquals("gradients: parameter 2.weight has no gradient; got gradients for [0.weight, 0.bias]", e.getMessage());
  }
}
