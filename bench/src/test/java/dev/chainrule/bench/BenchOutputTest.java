package dev.chainrule.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class BenchOutputTest {
  @Test
  void timingsTakeNearestRankPercentilesOfTheSortedTimes() {
    Timings t = new Timings(new double[] {9, 1, 5, 3, 7, 2, 8, 4, 6, 10, 0});
    assertEquals(5, t.median());
    assertEquals(1, t.percentile(0.1));
    assertEquals(9, t.percentile(0.9));
    assertEquals("median=5.0000 p10=1.0000 p90=9.0000 min=0.0000 n=11", t.summary());
  }

  @Test
  void noTimesIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> new Timings(new double[0]));
  }

  @Test
  void resultLinesHaveThePeerSuiteFormat() {
    // compare.sh keys a line by its threads= field and first bare word, and compares median=
    String line = PeerWorkloads.line(2, "chain1000_us_per_op", new Timings(new double[] {0.25}));
    assertEquals("chainrule threads=2 chain1000_us_per_op median=0.2500 p10=0.2500 p90=0.2500 min=0.2500 n=1", line);
  }

  @Test
  void theCnnWorkloadHasThePeerSuiteParameterCountAndItsLossFalls() {
    CnnWorkload cnn = new CnnWorkload(1);
    assertEquals(20_490, cnn.network().parameterCount());
    double first = cnn.step().item();
    for (int i = 0; i < 3; i++) {
      cnn.step();
    }
    assertTrue(cnn.step().item() < first);
  }

  @Test
  void theLstmWorkloadHasThePeerSuiteParameterCountAndItsLossFalls() {
    LstmWorkload lstm = new LstmWorkload(1);
    assertEquals(100_618, lstm.network().parameterCount());
    assertEquals(List.of("lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
        "classifier.weight", "classifier.bias"), List.copyOf(lstm.network().namedParameters().keySet()));
    double first = lstm.step().item();
    for (int i = 0; i < 3; i++) {
      lstm.step();
    }
    assertTrue(lstm.step().item() < first);
  }

  @Test
  void theTransformerWorkloadHasThePeerSuiteParameterCountAndItsLossFalls() {
    TransformerWorkload transformer = new TransformerWorkload(1);
    assertEquals(199_562, transformer.network().parameterCount());
    double first = transformer.step().item();
    for (int i = 0; i < 3; i++) {
      transformer.step();
    }
    assertTrue(transformer.step().item() < first);
  }

  @Test
  void trainingStepsAreTimedOverTwoHundredStepsAfterTwentyWarmUps() {
    int[] calls = {0};
    Timings t = PeerWorkloads.trainSteps("constant", () -> {
      calls[0]++;
      return Tensor.scalar(1);
    }, line -> { }); // the loss line of a stand-in step says nothing
    assertEquals(220, calls[0]);
    assertTrue(PeerWorkloads.line(1, "lstm_train_step_ms", t).matches(
        "chainrule threads=1 lstm_train_step_ms median=\\S+ p10=\\S+ p90=\\S+ min=\\S+ n=200"));
  }

  @Test
  void thePlotHasOneSeriesPerSourceAndThreadCount() {
    List<String> lines = List.of(
        "chainrule gemm dtype=float32 n=256 threads=1 gflops_median=70.0 gflops_best=72.0",
        "chainrule gemm dtype=float32 n=512 threads=1 gflops_median=75.0 gflops_best=76.0",
        "chainrule gemm dtype=float64 n=512 threads=1 gflops_median=35.0 gflops_best=36.0",
        "openblas sgemm n=256 threads=2 median_ms=0.2 gflops_median=160.0 gflops_best=170.0 gflops_worst=100.0",
        "openblas dgemm n=256 threads=2 median_ms=0.4 gflops_median=70.0 gflops_best=77.0 gflops_worst=50.0",
        "djl-pytorch threads=2 matmul1024_fwd_bwd_ms median=40.8 p10=39.2 p90=48.9 min=39.0 n=20 gflops_at_median=157.7",
        "chainrule threads=2 matmul1024_fwd_bwd_ms median=52.9 p10=44.7 p90=69.9 min=44.2 n=20 gflops_at_median=121.7",
        "machine measured_peak_fp32_gflops_1t=99.8 measured_peak_fp32_gflops_2t=200.0 measured_peak_fp64_gflops_1t=50.5"
            + " measured_peak_fp64_gflops_2t=100.9 isa=avx2 accumulators=12 best_of=5 trial_s=0.10 timing=thread_cputime");
    XYChart float32 = PerformancePlot.chart(lines, "float32");
    assertEquals(
        List.of("Chainrule, 1 thread", "OpenBLAS sgemm, 2 threads", "PyTorch (DJL) fwd+bwd 1024², 2 threads",
            "Chainrule fwd+bwd 1024², 2 threads", "measured FMA peak, 1 thread", "measured FMA peak, 2 threads"),
        List.copyOf(float32.getSeriesMap().keySet()));
    assertEquals(2, float32.getSeriesMap().get("Chainrule, 1 thread").getXData().length);
    // the peak is a flat line over the measured sizes
    assertArrayEquals(new double[] {256, 512}, float32.getSeriesMap().get("measured FMA peak, 1 thread").getXData());
    assertArrayEquals(new double[] {99.8, 99.8}, float32.getSeriesMap().get("measured FMA peak, 1 thread").getYData());
    XYChart float64 = PerformancePlot.chart(lines, "float64");
    assertEquals(
        List.of("Chainrule, 1 thread", "OpenBLAS dgemm, 2 threads", "measured FMA peak, 1 thread",
            "measured FMA peak, 2 threads"),
        List.copyOf(float64.getSeriesMap().keySet()));
    assertArrayEquals(new double[] {100.9, 100.9}, float64.getSeriesMap().get("measured FMA peak, 2 threads").getYData());
  }
}
