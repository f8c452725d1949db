package dev.chainrule.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.io.SafeTensors;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered names, shapes and dtypes of a module's parameters: what two copies of a model (in two
 * threads, processes or machines) must agree on to exchange parameter values or gradients.
 *
 * <p>Names are those of {@link Module#namedParameters()}, in its order. {@link #encode} and {@link #decode}
 * turn name-keyed arrays into safetensors bytes and back, checked against the schema; {@link #values},
 * {@link #gradients} and {@link #load} read and write a module's parameters as such maps. Immutable.
 */
public final class ParameterSchema {
  private record Entry(Shape shape, DType dtype) {
    @Override
    public String toString() {
      return dtype.toString() + shape;
    }
  }

  private final Map<String, Entry> entries; // unmodifiable, in order

  private ParameterSchema(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  /**
   * The schema of a module's parameters, in {@link Module#namedParameters()} order.
   *
   * @param module the module
   * @return its schema
   */
  public static ParameterSchema of(Module module) {
    return of(values(module));
  }

  /**
   * The schema of the given arrays: their names in map order, shapes and dtypes. Useful to check that
   * maps of arrays from elsewhere (gradients, buffers) agree with one another.
   *
   * @param arrays arrays by name
   * @return their schema
   * @throws IllegalArgumentException if a value is null
   */
  public static ParameterSchema of(Map<String, NdArray> arrays) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    arrays.forEach((name, array) -> {
      checkArgument(array != null, "schema: %s is null", name);
      entries.put(name, new Entry(array.shape(), array.dtype()));
    });
    return new ParameterSchema(entries);
  }

  /**
   * The parameter names, in order.
   *
   * @return the names, immutable
   */
  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  /**
   * The shape of one parameter.
   *
   * @param name a name in {@link #names()}
   * @return its shape
   * @throws IllegalArgumentException if the name is not in the schema
   */
  public Shape shape(String name) {
    return entry(name).shape();
  }

  /**
   * The dtype of one parameter.
   *
   * @param name a name in {@link #names()}
   * @return its dtype
   * @throws IllegalArgumentException if the name is not in the schema
   */
  public DType dtype(String name) {
    return entry(name).dtype();
  }

  private Entry entry(String name) {
    Entry entry = entries.get(name);
    checkArgument(entry != null, "schema: no parameter named %s; got names %s", name, entries.keySet());
    return entry;
  }

  /**
   * The total number of elements of all parameters.
   *
   * @return the element count
   */
  public long elements() {
    long n = 0;
    for (Entry e : entries.values()) {
      n += e.shape().size();
    }
    return n;
  }

  /**
   * Throws unless {@code arrays} has exactly the schema's names (in any order), each with the schema's
   * shape and dtype. The message starts with {@code what + ": "} and names the first mismatching entry,
   * with what was expected and what was given.
   *
   * @param arrays arrays by name
   * @param what what is being checked, for the message (e.g. {@code "decode"})
   * @throws IllegalArgumentException if a name is missing or unexpected, or a shape or dtype differs
   */
  public void check(Map<String, NdArray> arrays, String what) {
    checkArgument(arrays != null, "%s: arrays are null", what);
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      NdArray array = arrays.get(e.getKey());
      checkArgument(
          array != null, "%s: %s is missing; expected %s, got names %s", what, e.getKey(), e.getValue(), arrays.keySet());
      checkArgument(
          array.shape().equals(e.getValue().shape()) && array.dtype() == e.getValue().dtype(),
          "%s: %s expects %s; got %s%s", what, e.getKey(), e.getValue(), array.dtype(), array.shape());
    }
    for (String name : arrays.keySet()) {
      checkArgument(
          entries.containsKey(name), "%s: %s is unexpected; expected names %s, got %s", what, name, entries.keySet(),
          arrays.keySet());
    }
  }

  /**
   * The arrays as safetensors bytes, in the schema's order and without metadata, after {@link #check}.
   *
   * @param arrays arrays by name, matching the schema
   * @return the bytes
   * @throws IllegalArgumentException if the arrays do not match the schema
   */
  public byte[] encode(Map<String, NdArray> arrays) {
    check(arrays, "encode");
    return SafeTensors.encode(inOrder(arrays), Map.of());
  }

  /**
   * The arrays held in safetensors bytes, checked against the schema.
   *
   * @param bytes the bytes, e.g. from {@link #encode}
   * @param what what is being decoded, for the message
   * @return the arrays by name, unmodifiable, in the schema's order
   * @throws IllegalArgumentException if the arrays do not match the schema
   * @throws dev.chainrule.nn.io.SafeTensorsException if the bytes are not valid safetensors
   */
  public Map<String, NdArray> decode(byte[] bytes, String what) {
    Map<String, NdArray> arrays = SafeTensors.decode(bytes).tensors();
    check(arrays, what);
    return inOrder(arrays);
  }

  private Map<String, NdArray> inOrder(Map<String, NdArray> arrays) {
    Map<String, NdArray> ordered = new LinkedHashMap<>();
    for (String name : entries.keySet()) {
      ordered.put(name, arrays.get(name));
    }
    return Collections.unmodifiableMap(ordered);
  }

  /**
   * The arrays as one flat vector, in the schema's order and each array's row-major order: what a
   * collective operation or an external optimizer takes. Values are widened to double, exactly.
   *
   * @param arrays one array per name, matching the schema
   * @return a vector of {@link #elements()} values
   * @throws IllegalArgumentException if the arrays do not match the schema
   */
  public double[] flatten(Map<String, NdArray> arrays) {
    check(arrays, "flatten");
    checkArgument(elements() <= Integer.MAX_VALUE, "flatten: %s elements do not fit one array", elements());
    double[] vector = new double[(int) elements()];
    int at = 0;
    for (String name : names()) {
      double[] values = arrays.get(name).toDoubleArray();
      System.arraycopy(values, 0, vector, at, values.length);
      at += values.length;
    }
    return vector;
  }

  /**
   * The arrays a flat vector holds, the inverse of {@link #flatten}: each entry in its shape and dtype
   * (float32 entries rounded to float32), in the schema's order.
   *
   * @param vector {@link #elements()} values
   * @param what what the vector is, named in the error
   * @return an unmodifiable map of the arrays
   * @throws IllegalArgumentException if the vector's length is not {@link #elements()}
   */
  public Map<String, NdArray> unflatten(double[] vector, String what) {
    checkArgument(vector != null && vector.length == elements(),
        "%s: a vector of %s values does not match the model's %s parameters; got %s values", what, elements(),
        names().size(), vector == null ? "null" : vector.length);
    Map<String, NdArray> arrays = new LinkedHashMap<>();
    int at = 0;
    for (String name : names()) {
      int size = shape(name).size();
      arrays.put(name, NdArray.of(shape(name), Arrays.copyOfRange(vector, at, at + size)).to(dtype(name)));
      at += size;
    }
    return Collections.unmodifiableMap(arrays);
  }

  /**
   * A module's parameter values by name, in {@link Module#namedParameters()} order.
   *
   * @param module the module
   * @return the values, unmodifiable
   */
  public static Map<String, NdArray> values(Module module) {
    Map<String, NdArray> values = new LinkedHashMap<>();
    module.namedParameters().forEach((name, p) -> values.put(name, p.value()));
    return Collections.unmodifiableMap(values);
  }

  /**
   * A module's accumulated parameter gradients ({@link Parameter#grad()}) by name, in
   * {@link Module#namedParameters()} order.
   *
   * @param module the module, after a backward pass that reached every parameter
   * @return the gradients, unmodifiable
   * @throws IllegalArgumentException if a parameter has no gradient
   */
  public static Map<String, NdArray> gradients(Module module) {
    Map<String, NdArray> gradients = new LinkedHashMap<>();
    module.namedParameters().forEach((name, p) -> {
      checkArgument(
          p.hasGrad(), "gradients: parameter %s has no gradient; got gradients for %s", name, gradients.keySet());
      gradients.put(name, p.grad());
    });
    return Collections.unmodifiableMap(gradients);
  }

  /**
   * Replaces each parameter of {@code module} by the value of the same name, through
   * {@link Parameter#update}. The module and the values are both checked against this schema before
   * any parameter changes.
   *
   * @param module a module with this schema
   * @param values a value per parameter, matching the schema
   * @throws IllegalArgumentException if the module or the values do not match the schema
   */
  public void load(Module module, Map<String, NdArray> values) {
    check(values(module), "load: module");
    check(values, "load");
    module.namedParameters().forEach((name, p) -> p.update(values.get(name)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterSchema
        && names().equals(((ParameterSchema) o).names())
        && entries.equals(((ParameterSchema) o).entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  /** Returns e.g. {@code ParameterSchema{weight=float64[2, 3], bias=float64[2]}}. */
  @Override
  public String toString() {
    return "ParameterSchema" + entries;
  }
}
