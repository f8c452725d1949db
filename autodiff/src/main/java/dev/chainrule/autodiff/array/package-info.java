/**
 * Immutable arrays and the kernel layer: {@link dev.chainrule.autodiff.array.NdArray} (float32 or float64
 * data with its shape) and the package-private loops beneath it (elementwise, reductions, layout, matrix
 * products), shared by every op's forward and backward. A broadcast is a lazy view that the elementwise
 * loops and reductions read in place, walking it with {@code Walk}; other kernels see it written out. Matrix products enter at {@code Gemm}, which runs
 * packed, register-tiled kernels ({@code Blocking}, {@code Packing}, {@code MicroKernel}) on the Vector API
 * when the JVM has it, on plain loops otherwise, over the threads {@code Kernels} allows.
 */
package dev.chainrule.autodiff.array;
