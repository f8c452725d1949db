/**
 * The user-facing graph: {@link dev.chainrule.autodiff.Tensor} (a node, with its operations grouped in
 * {@code ElementwiseOps}, {@code ReductionOps}, {@code ShapeOps} and {@code MatrixOps}), reverse mode through
 * {@code Tensor.backward()} or the functional {@link dev.chainrule.autodiff.Autodiff#grad}, thread-confined
 * no-grad scopes, and the numerical checker {@link dev.chainrule.autodiff.GradCheck}.
 */
package dev.chainrule.autodiff;
