/**
 * Chainrule's automatic differentiation engine: tensors, the dynamic graph, reverse mode, higher order,
 * custom ops and gradient checking.
 *
 * <p>The API is three packages: {@code dev.chainrule.autodiff} (tensors, gradients, checking),
 * {@code dev.chainrule.autodiff.array} (immutable values: arrays, shapes, dtypes, axes) and
 * {@code dev.chainrule.autodiff.op} (the custom-op interface and the primitives). The kernels beneath
 * them are internal; the fused optimizer updates are exported to {@code dev.chainrule.nn} alone.
 */
// dev.chainrule.nn, the one module the updates are exported to, is compiled after this one
@SuppressWarnings("module")
module dev.chainrule.autodiff {
  requires com.google.common;
  // optional at run time: the matrix kernels use the Vector API only when the JVM has this module
  requires static jdk.incubator.vector;

  exports dev.chainrule.autodiff;
  exports dev.chainrule.autodiff.array;
  exports dev.chainrule.autodiff.op;
  exports dev.chainrule.autodiff.kernel.update to dev.chainrule.nn;
  exports dev.chainrule.autodiff.kernel.recurrent to dev.chainrule.nn;
}
