/**
 * Layers, each a {@link dev.chainrule.nn.Module} composed from autodiff operations: {@link dev.chainrule.nn.layer.Linear},
 * activations, dropout, batch, layer and RMS normalization, embeddings, flattening, convolution, max pooling,
 * the recurrent {@link dev.chainrule.nn.layer.Rnn}, {@link dev.chainrule.nn.layer.Lstm} and
 * {@link dev.chainrule.nn.layer.Gru}, multi-head attention with its masks and positional encoding, and the
 * transformer encoder and decoder layers ({@link dev.chainrule.nn.layer.TransformerEncoderLayer},
 * {@link dev.chainrule.nn.layer.TransformerDecoderLayer}) and their stacks.
 */
package dev.chainrule.nn.layer;
