package dev.chainrule.spark;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Where a {@code Dataset<Row>} keeps an example's features and label, and the shape of one example's
 * features. Features are one array column ({@code array<float>} or {@code array<double>}) or several
 * numeric columns; the label is a numeric column (a class index, or a regression target) or an array
 * column (a target vector).
 *
 * @param featureColumns one array column, or the numeric columns in order
 * @param labelColumn the label's column
 * @param featureShape the shape of one example's features (their product is the feature count); empty for
 *     a vector of whatever length the rows have
 */
public record RowFormat(List<String> featureColumns, String labelColumn, int[] featureShape) implements Serializable {
  /**
   * Copies the lists and checks them.
   *
   * @param featureColumns one array column, or the numeric columns in order
   * @param labelColumn the label's column
   * @param featureShape the shape of one example's features, or empty
   */
  public RowFormat {
    featureColumns = List.copyOf(featureColumns);
    checkArgument(!featureColumns.isEmpty(), "rowFormat: name at least one feature column");
    checkArgument(labelColumn != null, "rowFormat: the label column is null");
    featureShape = featureShape.clone();
    for (int d : featureShape) {
      checkArgument(d > 0, "rowFormat: feature dimensions must be positive; got %s", Arrays.toString(featureShape));
    }
  }

  /**
   * Features in one array column, as a vector.
   *
   * @param featureColumn the array column
   * @param labelColumn the label column
   * @return the format
   */
  public static RowFormat of(String featureColumn, String labelColumn) {
    return new RowFormat(List.of(featureColumn), labelColumn, new int[0]);
  }

  /**
   * Features in several numeric columns, as a vector in column order.
   *
   * @param featureColumns the numeric columns
   * @param labelColumn the label column
   * @return the format
   */
  public static RowFormat columns(List<String> featureColumns, String labelColumn) {
    return new RowFormat(featureColumns, labelColumn, new int[0]);
  }

  /**
   * The same columns, with each example's features reshaped to {@code shape} (for example
   * {@code 1, 28, 28} for one-channel images).
   *
   * @param shape the shape of one example's features
   * @return the format
   */
  public RowFormat withFeatureShape(int... shape) {
    return new RowFormat(featureColumns, labelColumn, shape);
  }

  /** The features of {@code row}, flattened. */
  double[] features(Row row) {
    if (featureColumns.size() == 1 && !isNumeric(row.get(row.fieldIndex(featureColumns.get(0))))) {
      return numbers(row, featureColumns.get(0));
    }
    double[] out = new double[featureColumns.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(row, featureColumns.get(i));
    }
    return out;
  }

  /** The label of {@code row}: one number, or a vector. */
  double[] label(Row row) {
    Object value = row.get(row.fieldIndex(labelColumn));
    return isNumeric(value) ? new double[] {((Number) value).doubleValue()} : numbers(row, labelColumn);
  }

  /** Whether the label column holds one number per row (so targets are {@code [N]}). */
  boolean scalarLabel(Row row) {
    return isNumeric(row.get(row.fieldIndex(labelColumn)));
  }

  private static boolean isNumeric(Object value) {
    return value instanceof Number;
  }

  private static double number(Row row, String column) {
    Object value = row.get(row.fieldIndex(column));
    checkArgument(value instanceof Number, "rowFormat: column %s must be numeric; got %s", column,
        value == null ? "null" : value.getClass().getSimpleName());
    return ((Number) value).doubleValue();
  }

  private static double[] numbers(Row row, String column) {
    Object value = row.get(row.fieldIndex(column));
    if (value instanceof double[] array) {
      return array.clone();
    }
    if (value instanceof float[] array) {
      double[] out = new double[array.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = array[i];
      }
      return out;
    }
    List<?> list;
    if (value instanceof List<?> javaList) {
      list = javaList;
    } else if (value instanceof scala.collection.Seq<?>) {
      list = row.getList(row.fieldIndex(column));
    } else {
      throw new IllegalArgumentException(String.format("rowFormat: column %s must be an array of numbers; got %s",
          column, value == null ? "null" : value.getClass().getSimpleName()));
    }
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      checkArgument(list.get(i) instanceof Number, "rowFormat: column %s must hold numbers; got %s at %s", column,
          list.get(i), i);
      out[i] = ((Number) list.get(i)).doubleValue();
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowFormat f && f.featureColumns.equals(featureColumns) && f.labelColumn.equals(labelColumn)
        && Arrays.equals(f.featureShape, featureShape);
  }

  @Override
  public int hashCode() {
    return featureColumns.hashCode() * 31 + labelColumn.hashCode() + Arrays.hashCode(featureShape);
  }

  @Override
  public String toString() {
    return "RowFormat(" + featureColumns + " → " + labelColumn + ", " + Arrays.toString(featureShape) + ")";
  }
}
