package dev.chainrule.bench;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The workloads of the peer benchmark suite ({@code ../shared/bench/peers}), defined as its PyTorch-via-DJL
 * version defines them, in float32, printed in its line format so that its {@code compare.sh} can take
 * ratios: {@code chainrule threads=N METRIC median=… p10=… p90=… min=… n=…}.
 *
 * <ul>
 *   <li>{@code mlp_train_step_ms}: one SGD step (lr 0.01) of a 784-128(ReLU)-64(ReLU)-10 network on a
 *       batch of 64, MSE (mean over 64×10) against one-hot targets; 200 warm-up steps, 300 timed.
 *   <li>{@code matmul1024_fwd_bwd_ms}: {@code C = A @ B} for 1024×1024 matrices, then backward with a seed
 *       of ones, giving dA and dB (three products, 6.44 GFLOP); 5 warm-up runs, 20 timed. The same in
 *       float64 follows as {@code matmul1024_f64_fwd_bwd_ms} (the peer suite has no peer line for it).
 *   <li>{@code chain1000_us_per_op}: from one-element leaves x, a, b, 1,000 alternating {@code y = y * a}
 *       and {@code y = y + b}, then backward; microseconds per op; 2,000 warm-up runs, 1,000 timed.
 *   <li>{@code cnn_train_step_ms}: one SGD step of {@link CnnWorkload} (two 3×3 convolutions with ReLU and
 *       2×2 max-pooling, then a Linear 1568 → 10, on a batch of 64 28×28 images); 20 warm-up steps, 200 timed.
 *   <li>{@code lstm_train_step_ms}: one SGD step of {@link LstmWorkload} (an LSTM 64 → 128 over 32 steps
 *       of a batch of 32, its last hidden state classified); 20 warm-up steps, 200 timed.
 *   <li>{@code transformer_train_step_ms}: one SGD step of {@link TransformerWorkload} (a pre-LN encoder
 *       block of width 128 over 64 positions of a batch of 16); 20 warm-up steps, 200 timed.
 * </ul>
 *
 * <p>Usage: {@code PeerWorkloads [mlp|matmul|chain|cnn|lstm|transformer|all]…}, one or more names. The thread count is the matrix kernels' own,
 * set with {@code -Dchainrule.threads=N} (default: every core), and is printed in each line.
 */
public final class PeerWorkloads {
  private static final String TAG = "chainrule";

  private PeerWorkloads() {}

  /** Runs the named workloads in turn, or all of them. */
  public static void main(String[] args) {
    String[] names = args.length > 0 ? args : new String[] {"all"};
    for (String which : names) {
      if (!which.matches("mlp|matmul|chain|cnn|lstm|transformer|all")) {
        throw new IllegalArgumentException(
            "PeerWorkloads: expected mlp, matmul, chain, cnn, lstm, transformer or all; got '" + which + "'");
      }
    }
    for (String which : names) {
      run(which, threads());
    }
  }

  private static void run(String which, int threads) {
    if (which.equals("all") || which.equals("mlp")) {
      print(threads, "mlp_train_step_ms", mlpTrainStep(), "");
    }
    if (which.equals("all") || which.equals("matmul")) {
      printMatmul(threads, "matmul1024_fwd_bwd_ms", matmulForwardBackward(DType.FLOAT32));
      printMatmul(threads, "matmul1024_f64_fwd_bwd_ms", matmulForwardBackward(DType.FLOAT64));
    }
    if (which.equals("all") || which.equals("chain")) {
      print(threads, "chain1000_us_per_op", scalarChain(), "");
    }
    if (which.equals("all") || which.equals("cnn")) {
      print(threads, "cnn_train_step_ms", trainSteps("cnn", new CnnWorkload(42)::step), "");
    }
    if (which.equals("all") || which.equals("lstm")) {
      print(threads, "lstm_train_step_ms", trainSteps("lstm", new LstmWorkload(42)::step), "");
    }
    if (which.equals("all") || which.equals("transformer")) {
      print(threads, "transformer_train_step_ms", trainSteps("transformer", new TransformerWorkload(42)::step), "");
    }
  }

  /** The matrix kernels' thread count: {@code -Dchainrule.threads}, else every core. */
  static int threads() {
    String property = System.getProperty("chainrule.threads", "");
    return property.isBlank() ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(property.trim());
  }

  private static void printMatmul(int threads, String metric, Timings t) {
    double gflops = 3 * 2.0 * 1024 * 1024 * 1024 / (t.median() * 1e-3) / 1e9;
    print(threads, metric, t, String.format(Locale.ROOT, " gflops_at_median=%.1f", gflops));
  }

  private static void print(int threads, String metric, Timings t, String extra) {
    System.out.println(line(threads, metric, t) + extra);
  }

  /** One result line in the peer suite's format, e.g. {@code chainrule threads=1 chain1000_us_per_op median=…}. */
  static String line(int threads, String metric, Timings t) {
    return String.format(Locale.ROOT, "%s threads=%d %s %s", TAG, threads, metric, t.summary());
  }

  /** Milliseconds per training step of the 784-128-64-10 MLP. */
  static Timings mlpTrainStep() {
    MlpWorkload mlp = new MlpWorkload(42);
    int warmUp = 200;
    double[] ms = new double[300];
    double first = 0;
    double last = 0;
    for (int step = 0; step < warmUp + ms.length; step++) {
      long start = System.nanoTime();
      Tensor loss = mlp.step();
      long end = System.nanoTime();
      if (step == 0) {
        first = loss.item();
      }
      if (step >= warmUp) {
        ms[step - warmUp] = (end - start) / 1e6;
        last = loss.item();
      }
    }
    System.err.printf(Locale.ROOT, "# mlp loss first=%.5f last=%.5f%n", first, last);
    return new Timings(ms);
  }

  /**
   * Milliseconds per training step over 20 warm-up and 200 timed steps of {@code step}, which returns the
   * loss; the first and last losses go to stderr as {@code # NAME loss first=… last=…}.
   */
  static Timings trainSteps(String name, Supplier<Tensor> step) {
    return trainSteps(name, step, System.err::println);
  }

  /** As {@link #trainSteps(String, Supplier)}, giving the {@code # NAME loss …} line to {@code report}. */
  static Timings trainSteps(String name, Supplier<Tensor> step, Consumer<String> report) {
    int warmUp = 20;
    double[] ms = new double[200];
    double first = 0;
    double last = 0;
    for (int i = 0; i < warmUp + ms.length; i++) {
      long start = System.nanoTime();
      Tensor loss = step.get();
      long end = System.nanoTime();
      if (i == 0) {
        first = loss.item();
      } else if (i == warmUp + ms.length - 1) {
        last = loss.item();
      }
      if (i >= warmUp) {
        ms[i - warmUp] = (end - start) / 1e6;
      }
    }
    checkFinite(last);
    report.accept(String.format(Locale.ROOT, "# %s loss first=%.5f last=%.5f", name, first, last));
    return new Timings(ms);
  }

  /** Milliseconds per forward and backward of a 1024² product in {@code dtype}. */
  static Timings matmulForwardBackward(DType dtype) {
    Random random = new Random(1);
    Shape square = Shape.of(1024, 1024);
    Tensor a = Tensor.of(NdArray.uniform(square, dtype, -1, 1, random)).requiresGrad();
    Tensor b = Tensor.of(NdArray.uniform(square, dtype, -1, 1, random)).requiresGrad();
    Tensor ones = Tensor.ones(square, dtype);
    int warmUp = 5;
    double[] ms = new double[20];
    for (int run = 0; run < warmUp + ms.length; run++) {
      long start = System.nanoTime();
      a.matmul(b).backward(ones);
      long end = System.nanoTime();
      checkFinite(a.grad().value().get(0, 0) + b.grad().value().get(0, 0));
      a.zeroGrad();
      b.zeroGrad();
      if (run >= warmUp) {
        ms[run - warmUp] = (end - start) / 1e6;
      }
    }
    return new Timings(ms);
  }

  /** Microseconds per op of a 1,000-op scalar chain, forward and backward. */
  static Timings scalarChain() {
    Tensor x = Tensor.of(NdArray.of(1.0).to(DType.FLOAT32)).requiresGrad();
    Tensor a = Tensor.of(NdArray.of(1.0001).to(DType.FLOAT32)).requiresGrad();
    Tensor b = Tensor.of(NdArray.of(0.0001).to(DType.FLOAT32)).requiresGrad();
    int ops = 1000;
    int warmUp = 2000;
    double[] us = new double[1000];
    for (int run = 0; run < warmUp + us.length; run++) {
      long start = System.nanoTime();
      ScalarChain.build(x, a, b, ops).backward();
      long end = System.nanoTime();
      checkFinite(x.grad().item() + a.grad().item() + b.grad().item());
      x.zeroGrad();
      a.zeroGrad();
      b.zeroGrad();
      if (run >= warmUp) {
        us[run - warmUp] = (end - start) / 1e3 / ops;
      }
    }
    return new Timings(us);
  }

  private static void checkFinite(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalStateException("PeerWorkloads: a gradient is not finite: " + value);
    }
  }
}
