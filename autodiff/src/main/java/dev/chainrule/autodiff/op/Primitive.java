package dev.chainrule.autodiff.op;

/**
 * The library's own primitives: every differentiable operation of {@code Tensor} is one of these or is
 * composed from them. The {@code permits} clause is the catalogue; each record holds, in order, its math
 * (javadoc, with one line on why it is a primitive), its parameter checks (compact constructor), shape
 * rule, forward (a kernel call) and backward, in one file.
 *
 * <p>Users add operations by implementing {@link Op} directly, through the same interface.
 */
public sealed interface Primitive extends Op
    permits Neg, Exp, Log, Log1p, Sin, Cos, Tanh, Erf, Sigmoid, Abs, Relu, PowScalar, Cast,
        Add, Sub, Mul, Div, Pow, Compare, Where,
        Sum, Max, Standardize, Softmax,
        Reshape, Permute, Expand, Slice, Pad, IndexSelect, IndexAdd, Gather, ScatterAdd, Concat, Unfold, Fold,
        MatMul, MatMulBias, AttentionWeights, AttendedValues {}
