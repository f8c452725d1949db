/**
 * Layers, each a {@link dev.chainrule.nn.Module} composed from autodiff operations: {@link dev.chainrule.nn.layer.Linear}, activations, dropout, batch, layer and RMS normalization, embeddings, flattening, convolution and max pooling.
 */
package dev.chainrule.nn.layer;
