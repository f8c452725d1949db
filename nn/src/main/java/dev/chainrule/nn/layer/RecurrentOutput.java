package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Tensor;

/**
 * What an {@link Rnn} or a {@link Gru} returns: the last layer's hidden state at every time step, and
 * every layer's final hidden state.
 *
 * @param output {@code [T, N, directions·H]} ({@code [N, T, directions·H]} batch first), the forward
 *     direction's features before the reverse direction's; zero at the padded steps of a sequence shorter than T
 * @param hidden {@code [layers·directions, N, H]}, ordered layer 0 forward, layer 0 reverse, layer 1 forward,
 *     …; for a sequence shorter than T, the state after its last real step
 */
public record RecurrentOutput(Tensor output, Tensor hidden) {}
