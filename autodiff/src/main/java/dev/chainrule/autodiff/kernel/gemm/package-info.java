/**
 * Matrix products, internal to the module: {@link dev.chainrule.autodiff.kernel.gemm.Gemm#matmul} is the
 * entry that forward and backward of {@code MatMul} share. Beneath it, packed, register-tiled loops
 * ({@code Blocking}, {@code Packing}, {@code MicroKernel}) run on the Vector API when the JVM has it and
 * on plain loops otherwise, over the threads {@code Kernels} allows. Every path computes each element as
 * the same chain of fused multiply-adds, so results are bit-identical across kernels and thread counts.
 */
package dev.chainrule.autodiff.kernel.gemm;
