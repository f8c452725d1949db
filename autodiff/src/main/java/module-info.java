/**
 * Chainrule's automatic differentiation engine: tensors, the dynamic graph, reverse mode, higher order,
 * custom ops and gradient checking.
 */
module dev.chainrule.autodiff {
  requires com.google.common;

  exports dev.chainrule.autodiff;
  exports dev.chainrule.autodiff.array;
  exports dev.chainrule.autodiff.op;
}
