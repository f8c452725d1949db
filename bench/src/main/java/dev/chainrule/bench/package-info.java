/**
 * The JMH benchmarks and the side-by-side peer workloads. The benchmarks
 * ({@link dev.chainrule.bench.MatMulBenchmark}, {@link dev.chainrule.bench.ElementwiseBenchmark},
 * {@link dev.chainrule.bench.ReductionBenchmark}, {@link dev.chainrule.bench.GraphBenchmark} and
 * {@link dev.chainrule.bench.MlpBenchmark}) time single ops, the graph's own overhead and an MLP training
 * step; the peer workloads are plain {@code main} programs printing the lines the peer comparison reads:
 * {@link dev.chainrule.bench.PeerWorkloads} (the MLP training step, the 1024² matrix product with its
 * backward, and the scalar chain), {@link dev.chainrule.bench.MatmulSweep} and
 * {@link dev.chainrule.bench.Scaling} (cost against size), {@link dev.chainrule.bench.HeapSteadiness}
 * (the live heap over a long run), and {@link dev.chainrule.bench.PerformancePlot}, which draws the
 * figures from those lines.
 */
package dev.chainrule.bench;
