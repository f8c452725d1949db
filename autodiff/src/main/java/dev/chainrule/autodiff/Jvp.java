package dev.chainrule.autodiff;

/**
 * What {@link Autodiff#jvp} returns: the function's value at the primals and its Jacobian-vector product
 * with the tangents, both tensors of the output's shape and dtype.
 *
 * @param value {@code f(primals)}
 * @param tangent {@code J_f(primals) · tangents}
 */
public record Jvp(Tensor value, Tensor tangent) {}
