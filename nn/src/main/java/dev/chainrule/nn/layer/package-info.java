/**
 * Layers, each a {@link dev.chainrule.nn.Module} composed from autodiff operations: {@link dev.chainrule.nn.layer.Linear},
 * activations, dropout, batch, layer and RMS normalization, embeddings, flattening, convolution, max pooling,
 * the recurrent {@link dev.chainrule.nn.layer.Rnn}, {@link dev.chainrule.nn.layer.Lstm} and
 * {@link dev.chainrule.nn.layer.Gru}, and multi-head attention with its masks and positional encoding.
 */
package dev.chainrule.nn.layer;
