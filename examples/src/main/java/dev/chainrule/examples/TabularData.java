package dev.chainrule.examples;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.data.Dataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A small loader for the tabular data sets bundled under {@code dev/chainrule/examples/data/} (see the
 * README there), and feature standardisation.
 *
 * <p>Classification files start with a line {@code n,d,classname…} followed by n rows
 * {@code feature…,label}, the label a class index from 0. Regression files (diabetes) hold the features,
 * space separated, and the targets, one per line, in two gzip files. Malformed input fails with an
 * {@code IllegalArgumentException} naming the file and line.
 */
final class TabularData {
  private TabularData() {}

  /**
   * A data set with its class names (empty for regression).
   *
   * @param examples features {@code [n, d]} and targets: class indices {@code [n]}, or values {@code [n, 1]}
   * @param classNames the names of classes 0, 1, …
   */
  record Table(Dataset examples, List<String> classNames) {}

  /** Reads a classification CSV from the class path, e.g. {@code "iris.csv"}. */
  static Table classification(String file) {
    return parseClassification(file, lines(file, open(file)));
  }

  /** Parses the lines of a classification CSV; {@code file} names it in error messages. */
  static Table parseClassification(String file, List<String> lines) {
    checkArgument(!lines.isEmpty(), "tabular: %s is empty; expected a header line n,d,classnames…", file);
    String[] header = lines.get(0).split(",");
    checkArgument(header.length >= 4,
        "tabular: %s line 1: expected n,d and at least two class names; got '%s'", file, lines.get(0));
    int n = (int) number(file, 1, header[0]);
    int d = (int) number(file, 1, header[1]);
    List<String> classes = List.of(header).subList(2, header.length);
    checkArgument(lines.size() - 1 == n, "tabular: %s: the header announces %s rows; got %s", file, n, lines.size() - 1);
    double[] features = new double[n * d];
    double[] labels = new double[n];
    for (int row = 0; row < n; row++) {
      String[] fields = lines.get(row + 1).split(",");
      int line = row + 2;
      checkArgument(fields.length == d + 1,
          "tabular: %s line %s: expected %s fields (%s features and a label); got %s", file, line, d + 1, d, fields.length);
      for (int j = 0; j < d; j++) {
        features[row * d + j] = number(file, line, fields[j]);
      }
      labels[row] = number(file, line, fields[d]);
      checkArgument(labels[row] == Math.rint(labels[row]) && labels[row] >= 0 && labels[row] < classes.size(),
          "tabular: %s line %s: label %s is not a class index in [0, %s)", file, line, fields[d], classes.size());
    }
    return new Table(new Dataset(NdArray.of(Shape.of(n, d), features), NdArray.of(labels)), classes);
  }

  /** Reads a regression data set: space-separated gzip features and a gzip file of targets, one per line. */
  static Table regression(String featureFile, String targetFile) {
    double[][] rows = rows(featureFile, lines(featureFile, gunzip(featureFile)));
    double[][] targets = rows(targetFile, lines(targetFile, gunzip(targetFile)));
    checkArgument(rows.length == targets.length && targets[0].length == 1,
        "tabular: %s has %s rows but %s has %s rows of %s values; expected one target per row",
        featureFile, rows.length, targetFile, targets.length, targets[0].length);
    return new Table(new Dataset(NdArray.of(rows), NdArray.of(targets)), List.of());
  }

  private static double[][] rows(String file, List<String> lines) {
    checkArgument(!lines.isEmpty(), "tabular: %s is empty", file);
    double[][] rows = new double[lines.size()][];
    for (int i = 0; i < rows.length; i++) {
      String[] fields = lines.get(i).trim().split("\\s+");
      int expected = i == 0 ? fields.length : rows[0].length;
      checkArgument(fields.length == expected,
          "tabular: %s line %s: expected %s values, as on line 1; got %s", file, i + 1, expected, fields.length);
      rows[i] = new double[fields.length];
      for (int j = 0; j < fields.length; j++) {
        rows[i][j] = number(file, i + 1, fields[j]);
      }
    }
    return rows;
  }

  /**
   * Both data sets with features standardised by the first one's column means and standard deviations
   * (so nothing about the test split leaks into training).
   */
  static Dataset[] standardize(Dataset train, Dataset test) {
    Scaling scaling = Scaling.fit(train.features());
    return new Dataset[] {
      new Dataset(scaling.apply(train.features()), train.targets()),
      new Dataset(scaling.apply(test.features()), test.targets())};
  }

  /**
   * Column-wise standardisation {@code (x - mean) / std}, fitted on one matrix and applied to others.
   *
   * @param mean the column means, shape {@code [d]}
   * @param std the columns' population standard deviations, shape {@code [d]} (1 for a constant column)
   */
  record Scaling(NdArray mean, NdArray std) {
    /** The means and standard deviations of the columns of {@code x}, shape {@code [n, d]}. */
    static Scaling fit(NdArray x) {
      int n = x.shape().dim(0);
      int d = x.shape().dim(1);
      double[] mean = new double[d];
      double[] std = new double[d];
      for (int j = 0; j < d; j++) {
        for (int i = 0; i < n; i++) {
          mean[j] += x.get(i, j) / n;
        }
        for (int i = 0; i < n; i++) {
          std[j] += Math.pow(x.get(i, j) - mean[j], 2) / n;
        }
        std[j] = std[j] > 0 ? Math.sqrt(std[j]) : 1;
      }
      return new Scaling(NdArray.of(mean), NdArray.of(std));
    }

    /** {@code (x - mean) / std}, row by row. */
    NdArray apply(NdArray x) {
      return Tensor.of(x).sub(Tensor.of(mean)).div(Tensor.of(std)).value();
    }

    /** {@code z · std + mean}, undoing {@link #apply}. */
    NdArray invert(NdArray z) {
      return Tensor.of(z).mul(Tensor.of(std)).add(Tensor.of(mean)).value();
    }
  }

  private static double number(String file, int line, String field) {
    try {
      return Double.parseDouble(field.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(String.format("tabular: %s line %s: not a number; got '%s'", file, line, field), e);
    }
  }

  private static List<String> lines(String file, InputStream in) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("tabular: cannot read " + file, e);
    }
  }

  private static InputStream gunzip(String file) {
    try {
      return new GZIPInputStream(open(file));
    } catch (IOException e) {
      throw new UncheckedIOException("tabular: " + file + " is not gzip data", e);
    }
  }

  private static InputStream open(String file) {
    InputStream in = TabularData.class.getResourceAsStream("data/" + file);
    checkArgument(in != null, "tabular: no resource dev/chainrule/examples/data/%s on the class path", file);
    return in;
  }
}
