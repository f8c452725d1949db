/**
 * Operations: the public custom-op interface {@link dev.chainrule.autodiff.op.Op} and the library's own
 * primitives, listed by the sealed {@link dev.chainrule.autodiff.op.Primitive}. Each primitive is one
 * record holding its parameter checks, shape rule, forward and backward; look here for any op's gradient.
 */
package dev.chainrule.autodiff.op;
