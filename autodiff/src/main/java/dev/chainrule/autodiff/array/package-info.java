/**
 * Immutable values: {@link dev.chainrule.autodiff.array.NdArray} (float32 or float64 data with its shape),
 * {@link dev.chainrule.autodiff.array.Shape}, {@link dev.chainrule.autodiff.array.DType} and
 * {@link dev.chainrule.autodiff.array.Axes}. Computation on them goes through {@code Tensor}; the loops
 * live in the internal {@code kernel} packages.
 */
package dev.chainrule.autodiff.array;
