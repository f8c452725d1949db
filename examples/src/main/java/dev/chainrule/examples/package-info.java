/**
 * Runnable examples, one small class with a {@code main} per example, each with a {@code run} method
 * returning its numbers for the tests: the worked examples of micrograd and of the backpropagation articles ({@link
 * dev.chainrule.examples.Micrograd}, {@link dev.chainrule.examples.SingleNeuron}, {@link
 * dev.chainrule.examples.SigmoidNetwork}, {@link dev.chainrule.examples.MomentumNetwork}), the 1986 XOR
 * experiment ({@link dev.chainrule.examples.Xor}), MNIST digits ({@link dev.chainrule.examples.MnistMlp},
 * the module's default {@code exec:java} main), tabular data ({@link dev.chainrule.examples.Tabular}), a
 * character model of English words ({@link dev.chainrule.examples.WordGenerator}), a
 * custom op ({@link dev.chainrule.examples.CustomOpExample}) and a graph drawing ({@link
 * dev.chainrule.examples.GraphExport}).
 */
package dev.chainrule.examples;
