package dev.chainrule.autodiff;

import java.util.function.UnaryOperator;

/**
 * What {@link Autodiff#linearize} returns: a function's value at a point, and its Jacobian there as a
 * linear map from tangents to output tangents, evaluated without running the function again.
 *
 * @param value {@code f(x)}
 * @param jvp {@code t ↦ J_f(x)·t}, for tangents of {@code x}'s shape and dtype
 */
public record Linearization(Tensor value, UnaryOperator<Tensor> jvp) {}
