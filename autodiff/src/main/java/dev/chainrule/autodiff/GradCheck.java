package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Numerical verification of gradients: compares reverse-mode results with central differences
 * {@code (f(x + ε) - f(x - ε)) / 2ε} in float64.
 *
 * <p>An element passes when {@code |analytical - numerical| <= atol + rtol · |numerical|}. Defaults are
 * PyTorch's {@code gradcheck}: ε = 1e-6, atol = 1e-5, rtol = 1e-3. The full mode builds the whole
 * Jacobian both ways and reports the worst element per input; the fast mode compares one random
 * projection {@code vᵀ J u} per input (two evaluations per input, one backward). Second order checks
 * the gradient function itself, built with {@link GradOptions#creatingGraph()}.
 *
 * <pre>{@code
 * GradCheck.check(xs -> xs.get(0).mul(xs.get(1)).sum(), List.of(a, b)).assertPassed();
 * GradCheck.defaults().fast().withAtol(1e-7).run(f, inputs).assertPassed();
 * }</pre>
 *
 * <p>Inputs must be float64: float32 rounding swamps the differences, so a float32 input is rejected.
 */
public final class GradCheck {
  private static final GradCheck DEFAULTS = new GradCheck(1e-6, 1e-5, 1e-3, false, 0x5EED);

  private final double eps;
  private final double atol;
  private final double rtol;
  private final boolean fast;
  private final long seed;

  private GradCheck(double eps, double atol, double rtol, boolean fast, long seed) {
    checkArgument(eps > 0, "gradcheck: eps must be positive; got %s", eps);
    checkArgument(atol >= 0 && rtol >= 0, "gradcheck: tolerances must be non-negative; got atol %s, rtol %s", atol, rtol);
    this.eps = eps;
    this.atol = atol;
    this.rtol = rtol;
    this.fast = fast;
    this.seed = seed;
  }

  /**
   * Full mode with PyTorch's defaults (ε 1e-6, atol 1e-5, rtol 1e-3).
   *
   * @return the default settings
   */
  public static GradCheck defaults() {
    return DEFAULTS;
  }

  /**
   * Checks {@code f} at {@code inputs} with the defaults.
   *
   * @param f the function under test, from tensors shaped like {@code inputs} to a float64 tensor of any shape
   * @param inputs the points, float64
   * @return the report
   */
  public static Result check(Function<List<Tensor>, Tensor> f, List<NdArray> inputs) {
    return DEFAULTS.run(f, inputs);
  }

  /**
   * Checks a one-input function at {@code x} with the defaults.
   *
   * @param f the function under test, from a tensor shaped like {@code x} to a float64 tensor of any shape
   * @param x the point, float64
   * @return the report
   */
  public static Result check(UnaryOperator<Tensor> f, NdArray x) {
    return DEFAULTS.run(xs -> f.apply(xs.get(0)), List.of(x));
  }

  /**
   * The same settings with finite-difference step {@code eps}.
   *
   * @param eps the step, positive
   * @return new settings; these are unchanged
   */
  public GradCheck withEps(double eps) {
    return new GradCheck(eps, atol, rtol, fast, seed);
  }

  /**
   * The same settings with absolute tolerance {@code atol}.
   *
   * @param atol the absolute tolerance, non-negative
   * @return new settings; these are unchanged
   */
  public GradCheck withAtol(double atol) {
    return new GradCheck(eps, atol, rtol, fast, seed);
  }

  /**
   * The same settings with relative tolerance {@code rtol}.
   *
   * @param rtol the relative tolerance, non-negative
   * @return new settings; these are unchanged
   */
  public GradCheck withRtol(double rtol) {
    return new GradCheck(eps, atol, rtol, fast, seed);
  }

  /**
   * Fast mode: one random projection per input instead of the full Jacobian.
   *
   * @return new settings in fast mode; these are unchanged
   */
  public GradCheck fast() {
    return new GradCheck(eps, atol, rtol, true, seed);
  }

  /**
   * Full mode: every Jacobian element (the default).
   *
   * @return new settings in full mode; these are unchanged
   */
  public GradCheck full() {
    return new GradCheck(eps, atol, rtol, false, seed);
  }

  /**
   * The seed of the random output projection and fast-mode directions.
   *
   * @param seed the seed
   * @return new settings; these are unchanged
   */
  public GradCheck withSeed(long seed) {
    return new GradCheck(eps, atol, rtol, fast, seed);
  }

  /**
   * Compares analytical and numerical first derivatives of {@code f} at {@code inputs}.
   *
   * @param f the function under test, from tensors shaped like {@code inputs} to a float64 tensor of any shape
   * @param inputs the points, float64
   * @return the report, one entry per input
   */
  public Result run(Function<List<Tensor>, Tensor> f, List<NdArray> inputs) {
    checkFloat64(inputs);
    try (GradScope on = Autodiff.enableGrad()) {
      return fast ? new FastCheck(this, f, inputs).run() : new FullCheck(this, f, inputs).run();
    }
  }

  /**
   * Compares analytical and numerical derivatives of the gradient of {@code f}: the gradient is taken
   * with a created graph against a fixed random output projection, then checked like a first-order
   * function. Passing means grad-of-grad is right.
   *
   * @param f the function under test, from tensors shaped like {@code inputs} to a float64 tensor of any shape,
   *     twice differentiable
   * @param inputs the points, float64
   * @return the report, one entry per input
   */
  public Result runSecondOrder(Function<List<Tensor>, Tensor> f, List<NdArray> inputs) {
    checkFloat64(inputs);
    return run(gradientOf(f, inputs), inputs);
  }

  private Function<List<Tensor>, Tensor> gradientOf(Function<List<Tensor>, Tensor> f, List<NdArray> inputs) {
    NdArray projection = projectionFor(f, inputs);
    return xs -> {
      List<Tensor> leaves = new ArrayList<>();
      for (Tensor x : xs) {
        leaves.add(x.requiresGrad());
      }
      Tensor y = evaluate(f, leaves);
      List<Tensor> flat = new ArrayList<>();
      if (y.isGradRequired()) {
        Tensor v = Tensor.of(projection);
        for (Tensor g : Autodiff.grad(y, v, leaves, GradOptions.creatingGraph()).asList()) {
          flat.add(g.flatten());
        }
      } else {
        for (Tensor x : leaves) {
          flat.add(Tensor.zeros(x.shape(), x.dtype()).flatten());
        }
      }
      return Tensor.concat(0, flat.toArray(new Tensor[0]));
    };
  }

  private NdArray projectionFor(Function<List<Tensor>, Tensor> f, List<NdArray> inputs) {
    List<Tensor> constants = new ArrayList<>();
    for (NdArray x : inputs) {
      constants.add(Tensor.of(x));
    }
    Tensor y;
    try (GradScope off = Autodiff.noGrad()) {
      y = evaluate(f, constants);
    }
    return NdArray.uniform(y.shape(), y.dtype(), 0.5, 1.5, new Random(seed));
  }

  /** Evaluates {@code f}, insisting on a float64 result: float32 rounding would swamp the differences. */
  static Tensor evaluate(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
    Tensor y = f.apply(inputs);
    checkArgument(y != null, "gradcheck: f returned null");
    checkArgument(
        y.dtype() == DType.FLOAT64,
        "gradcheck: f returned a %s result; finite differences need float64 throughout (no casts to float32)", y.dtype());
    return y;
  }

  private static void checkFloat64(List<NdArray> inputs) {
    checkArgument(!inputs.isEmpty(), "gradcheck: needs at least one input");
    for (int i = 0; i < inputs.size(); i++) {
      checkArgument(
          inputs.get(i).dtype() == DType.FLOAT64,
          "gradcheck: input %s is %s; finite differences need float64 (convert with to(DType.FLOAT64))",
          i, inputs.get(i).dtype());
    }
  }

  double eps() {
    return eps;
  }

  long seed() {
    return seed;
  }

  boolean accepts(double analytical, double numerical) {
    if (Double.isNaN(analytical) || Double.isNaN(numerical)) {
      return Double.isNaN(analytical) && Double.isNaN(numerical);
    }
    return Math.abs(analytical - numerical) <= atol + rtol * Math.abs(numerical);
  }

  /** How far past its tolerance an element is (≤ 1 passes); ranks the worst element. */
  double badness(double analytical, double numerical) {
    if (Double.isNaN(analytical) || Double.isNaN(numerical)) {
      return accepts(analytical, numerical) ? 0 : Double.POSITIVE_INFINITY;
    }
    double tolerance = atol + rtol * Math.abs(numerical);
    double error = Math.abs(analytical - numerical);
    return tolerance == 0 ? (error == 0 ? 0 : Double.POSITIVE_INFINITY) : error / tolerance;
  }

  @Override
  public String toString() {
    return String.format("GradCheck(%s, eps=%s, atol=%s, rtol=%s)", fast ? "fast" : "full", eps, atol, rtol);
  }

  /**
   * The worst element found for one input.
   *
   * @param input which input
   * @param element where: {@code "out [i] / in [j]"} in full mode, {@code "projection"} in fast mode
   * @param analytical the reverse-mode value
   * @param numerical the central-difference value
   * @param passed whether it is within tolerance
   */
  public record InputReport(int input, String element, double analytical, double numerical, boolean passed) {
    /** Returns one line such as {@code input 0 at out [1] / in [0, 2]: analytical 0.5, numerical 0.5 ok}. */
    @Override
    public String toString() {
      return String.format(
          "input %d at %s: analytical %.10g, numerical %.10g, |diff| %.3g %s",
          input, element, analytical, numerical, Math.abs(analytical - numerical), passed ? "ok" : "FAILED");
    }
  }

  /**
   * The outcome of a check: the worst element of every input.
   *
   * @param settings the settings used, for the report
   * @param inputs one report per input
   */
  public record Result(String settings, List<InputReport> inputs) {
    /**
     * Copies the reports.
     *
     * @param settings the settings used, for the report
     * @param inputs one report per input
     */
    public Result {
      inputs = List.copyOf(inputs);
    }

    /**
     * True when every input is within tolerance.
     *
     * @return true if every input passed
     */
    public boolean passed() {
      return inputs.stream().allMatch(InputReport::passed);
    }

    /** Returns normally when the check passed; otherwise throws an {@code AssertionError} with the report. */
    public void assertPassed() {
      if (!passed()) {
        throw new AssertionError("gradient check failed\n" + this);
      }
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder(settings);
      for (InputReport r : inputs) {
        out.append("\n  ").append(r);
      }
      return out.toString();
    }
  }
}
