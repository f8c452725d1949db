/**
 * Chainrule's automatic differentiation engine: tensors, the dynamic graph, reverse mode, higher order,
 * custom ops and gradient checking.
 */
module dev.chainrule.autodiff {
  requires com.google.common;
  // optional at run time: the matrix kernels use the Vector API only when the JVM has this module
  requires static jdk.incubator.vector;

  exports dev.chainrule.autodiff;
  exports dev.chainrule.autodiff.array;
  exports dev.chainrule.autodiff.op;
}
