/**
 * Runnable examples, one small class with a {@code main} per example: the seed documents' worked
 * examples ({@link dev.chainrule.examples.Micrograd}, {@link dev.chainrule.examples.SingleNeuron},
 * {@link dev.chainrule.examples.SigmoidNetwork}) recomputed by the engine, and
 * {@link dev.chainrule.examples.WorkedExamples}, which runs them in order and is the module's default
 * {@code exec:java} main. Each example also has a {@code run()} method returning its numbers, which the
 * tests check against the documents' published values.
 */
package dev.chainrule.examples;
