package dev.chainrule.bench;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * When forward mode beats reverse mode: the Jacobian of {@code x ↦ tanh(W·x)} from {@code n} inputs to
 * {@code m} outputs, by {@link Autodiff#jacfwd} (one forward pass with tangents per input) and by
 * {@link Autodiff#jacobian} (one backward pass per output), float64, median of 7 timed runs after 2 s of
 * warm-up. Prints {@code chainrule jacobian n=… m=… forward_ms=… reverse_ms=…}.
 *
 * <p>Usage: {@code JacobianModes [n×m …]}, default {@code 4x1024 1024x4 64x64}.
 */
public final class JacobianModes {
  private JacobianModes() {}

  /** Runs the comparison for the given shapes. */
  public static void main(String[] args) {
    String[] shapes = args.length == 0 ? new String[] {"4x1024", "1024x4", "64x64"} : args;
    for (String shape : shapes) {
      int n = Integer.parseInt(shape.split("x")[0]);
      int m = Integer.parseInt(shape.split("x")[1]);
      Random random = new Random(n * 31L + m);
      Tensor w = Tensor.of(NdArray.uniform(Shape.of(m, n), DType.FLOAT64, -1, 1, random));
      NdArray x = NdArray.uniform(Shape.of(n, 1), DType.FLOAT64, -1, 1, random);
      UnaryOperator<Tensor> f = v -> w.matmul(v).tanh();
      double forward = Timings.medianMillis(() -> Autodiff.jacfwd(f, x), 2, 7);
      double reverse = Timings.medianMillis(() -> Autodiff.jacobian(f, x), 2, 7);
      System.out.printf(Locale.ROOT, "chainrule jacobian n=%d m=%d forward_ms=%.2f reverse_ms=%.2f%n", n, m, forward, reverse);
    }
  }
}
