package dev.chainrule.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float64 tensors computed by PyTorch, read from a test resource under {@code pytorch/}.
 *
 * <p>The files are written by {@code nn/src/test/python/generate_reference.py} (its header says how to
 * regenerate them); the tests only read them, so the build never needs Python. Format: {@code #} starts a
 * comment line; each tensor is a line {@code tensor <name> <dim>...} followed by one line of its values in
 * row-major order, each a decimal that reads back as exactly PyTorch's double.
 *
 * <pre>{@code
 * PyTorchReference ref = PyTorchReference.load("gelu.txt");
 * NdArray x = ref.get("x");
 * }</pre>
 */
public final class PyTorchReference {
  private static final String DIRECTORY = "/pytorch/";

  private final String file;
  private final Map<String, NdArray> tensors;

  private PyTorchReference(String file, Map<String, NdArray> tensors) {
    this.file = file;
    this.tensors = ImmutableMap.copyOf(tensors);
  }

  /** Reads {@code pytorch/<file>} from the class path; fails naming the file when it is absent or malformed. */
  public static PyTorchReference load(String file) {
    try (InputStream in = PyTorchReference.class.getResourceAsStream(DIRECTORY + file)) {
      checkArgument(in != null,
          "pytorch reference: no resource %s%s; regenerate with /usr/bin/python3 nn/src/test/python/generate_reference.py",
          DIRECTORY, file);
      return new PyTorchReference(file, parse(file, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
    } catch (IOException e) {
      throw new UncheckedIOException("pytorch reference: cannot read " + file, e);
    }
  }

  /** The tensor called {@code name}, float64; fails naming the file and the tensor when there is none. */
  public NdArray get(String name) {
    NdArray t = tensors.get(name);
    checkArgument(t != null, "pytorch reference %s: no tensor '%s'; has %s", file, name, tensors.keySet());
    return t;
  }

  /**
   * Asserts that {@code actual} has the shape of the reference tensor {@code name} and that every element
   * is within {@code tolerance · (1 + |expected|)} of it (equal absolute and relative tolerance).
   */
  public void assertAgrees(String name, NdArray actual, double tolerance) {
    NdArray expected = get(name);
    assertEquals(expected.shape(), actual.shape(), () -> file + " " + name + ": shape");
    for (int i = 0; i < expected.size(); i++) {
      int position = i;
      double e = expected.getFlat(i);
      assertEquals(e, actual.getFlat(i), tolerance * (1 + Math.abs(e)),
          () -> file + " " + name + " at flat position " + position + " (input " + inputAt(position) + ")");
    }
  }

  private String inputAt(int position) {
    NdArray x = tensors.get("x");
    return x != null && x.rank() == 1 && position < x.size() ? Double.toString(x.getFlat(position)) : "-";
  }

  /** Every tensor by name, in file order; immutable. */
  public Map<String, NdArray> tensors() {
    return tensors;
  }

  /** The resource's file name, such as {@code gelu.txt}. */
  public String file() {
    return file;
  }

  private static Map<String, NdArray> parse(String file, BufferedReader reader) throws IOException {
    Map<String, NdArray> tensors = new LinkedHashMap<>();
    int lineNumber = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] header = line.trim().split("\\s+");
      checkArgument(header.length >= 2 && header[0].equals("tensor"),
          "pytorch reference %s: line %s should be 'tensor <name> <dim>...'; got '%s'", file, lineNumber, line);
      String name = header[1];
      Shape shape = Shape.of(Arrays.stream(header, 2, header.length).mapToInt(Integer::parseInt).toArray());
      String values = reader.readLine();
      lineNumber++;
      checkArgument(values != null, "pytorch reference %s: tensor '%s' has no values line", file, name);
      String[] words = values.isBlank() ? new String[0] : values.trim().split("\\s+");
      checkArgument(words.length == shape.size(),
          "pytorch reference %s: tensor '%s' of shape %s needs %s values; got %s on line %s",
          file, name, shape, shape.size(), words.length, lineNumber);
      double[] data = new double[words.length];
      for (int i = 0; i < words.length; i++) {
        data[i] = parseDouble(words[i]);
      }
      checkArgument(tensors.put(name, NdArray.of(shape, data)) == null,
          "pytorch reference %s: tensor '%s' appears twice", file, name);
    }
    return tensors;
  }

  /** Python's {@code repr(float)}, which is Java's decimal syntax except for the non-finite values. */
  private static double parseDouble(String word) {
    switch (word) {
      case "inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        return Double.parseDouble(word);
    }
  }

  @Override
  public String toString() {
    return "PyTorchReference(" + file + ", " + tensors.keySet() + ")";
  }
}
