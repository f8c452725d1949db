package dev.chainrule.autodiff.kernel.gemm;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.SoftmaxLines;
import dev.chainrule.autodiff.kernel.Storage;

/**
 * The element loops of {@link HeadWork} in one dtype, over its array type {@code A}: the steps between
 * attention's products, each computed as the composed ops compute it (a division by the dtype's
 * {@code √d}, a float addition of the mask, {@link SoftmaxLines}' rows).
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
interface HeadLines<A> {
  /** float32, over {@code float[]}. */
  HeadLines<float[]> FLOAT32 = new HeadLines<>() {
    @Override
    public Precision<float[]> precision() {
      return Precision.FLOAT32;
    }

    @Override
    public float[][] elements(NdArray... arrays) {
      float[][] elements = new float[arrays.length][];
      for (int i = 0; i < arrays.length; i++) {
        elements[i] = arrays[i] == null ? null : arrays[i].storage().f32();
      }
      return elements;
    }

    @Override
    public NdArray array(Shape shape, float[] elements) {
      return NdArray.of(Storage.of(shape, elements));
    }

    @Override
    public void divided(float[] from, int offset, int stride, int rows, int width, double divisor,
        float[] into, int at, int intoStride) {
      float d = (float) divisor;
      for (int r = 0; r < rows; r++) {
        for (int j = 0, s = offset + r * stride, t = at + r * intoStride; j < width; j++) {
          into[t + j] = from[s + j] / d;
        }
      }
    }

    @Override
    public void addMask(float[] scores, int at, float[] mask, int offset, int rows, int columns) {
      for (int r = 0; r < rows; r++) {
        for (int j = 0, s = at + r * columns, m = offset + r * columns; j < columns; j++) {
          scores[s + j] += mask[m + j];
        }
      }
    }

    @Override
    public void softmax(float[] scores, int columns, int from, int to) {
      SoftmaxLines.forward(scores, scores, columns, from, to);
    }
  };

  /** float64, over {@code double[]}. */
  HeadLines<double[]> FLOAT64 = new HeadLines<>() {
    @Override
    public Precision<double[]> precision() {
      return Precision.FLOAT64;
    }

    @Override
    public double[][] elements(NdArray... arrays) {
      double[][] elements = new double[arrays.length][];
      for (int i = 0; i < arrays.length; i++) {
        elements[i] = arrays[i] == null ? null : arrays[i].storage().f64();
      }
      return elements;
    }

    @Override
    public NdArray array(Shape shape, double[] elements) {
      return NdArray.of(Storage.of(shape, elements));
    }

    @Override
    public void divided(double[] from, int offset, int stride, int rows, int width, double divisor,
        double[] into, int at, int intoStride) {
      for (int r = 0; r < rows; r++) {
        for (int j = 0, s = offset + r * stride, t = at + r * intoStride; j < width; j++) {
          into[t + j] = from[s + j] / divisor;
        }
      }
    }

    @Override
    public void addMask(double[] scores, int at, double[] mask, int offset, int rows, int columns) {
      for (int r = 0; r < rows; r++) {
        for (int j = 0, s = at + r * columns, m = offset + r * columns; j < columns; j++) {
          scores[s + j] += mask[m + j];
        }
      }
    }

    @Override
    public void softmax(double[] scores, int columns, int from, int to) {
      SoftmaxLines.forward(scores, scores, columns, from, to);
    }
  };

  /** The products' steps in this dtype. */
  Precision<A> precision();

  /** The elements of each array (null for null), in this dtype. */
  A[] elements(NdArray... arrays);

  /** An array over {@code elements}, which the caller hands over. */
  NdArray array(Shape shape, A elements);

  /** {@code rows × width} elements of {@code from} (rows {@code stride} apart) divided by {@code divisor} in this dtype into {@code into}. */
  void divided(A from, int offset, int stride, int rows, int width, double divisor, A into, int at, int intoStride);

  /** Adds the dense {@code rows × columns} mask from {@code offset} to the dense scores from {@code at}. */
  void addMask(A scores, int at, A mask, int offset, int rows, int columns);

  /** The softmax, in place, of rows {@code from … to − 1} of the dense matrix of rows of {@code columns} scores. */
  void softmax(A scores, int columns, int from, int to);
}
