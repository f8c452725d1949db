package dev.chainrule.autodiff;

import dev.chainrule.autodiff.array.NdArray;
import java.util.List;

/** Jacobians by reverse mode: one backward pass per output element, seeded with a one-hot array. */
final class Jacobians {
  private Jacobians() {}

  /**
   * For each input {@code i}, the row-major Jacobian {@code J_i[o * n_i + j] = ∂y[o] / ∂x_i[j]}; all zero
   * when {@code y} does not depend on the inputs. The graph of {@code y} is retained.
   */
  static double[][] of(Tensor y, List<Tensor> inputs) {
    int m = y.size();
    double[][] jacobians = new double[inputs.size()][];
    for (int i = 0; i < inputs.size(); i++) {
      jacobians[i] = new double[m * inputs.get(i).size()];
    }
    if (!y.isGradRequired()) {
      return jacobians;
    }
    double[] oneHot = new double[m];
    for (int o = 0; o < m; o++) {
      oneHot[o] = 1;
      Tensor seed = Tensor.of(NdArray.of(y.shape(), oneHot).to(y.dtype()));
      oneHot[o] = 0;
      List<Tensor> rows = Autodiff.grad(y, seed, inputs, GradOptions.retainingGraph()).asList();
      for (int i = 0; i < rows.size(); i++) {
        double[] row = rows.get(i).value().toDoubleArray();
        System.arraycopy(row, 0, jacobians[i], o * row.length, row.length);
      }
    }
    return jacobians;
  }
}
