/**
 * Immutable arrays and the kernel layer: {@link dev.chainrule.autodiff.array.NdArray} (float32 or float64
 * data with its shape) and the package-private loops beneath it (elementwise, reductions, layout, matrix
 * products), shared by every op's forward and backward.
 */
package dev.chainrule.autodiff.array;
