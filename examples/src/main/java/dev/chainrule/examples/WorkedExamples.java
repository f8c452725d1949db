package dev.chainrule.examples;

/**
 * Runs the worked examples of micrograd and of the backpropagation articles in order, each under a heading: {@link Micrograd},
 * {@link SingleNeuron} and {@link SigmoidNetwork}.
 */
public final class WorkedExamples {
  private WorkedExamples() {}

  /** Runs every worked example. */
  public static void main(String[] args) {
    System.out.println("== micrograd's README expression");
    Micrograd.main(args);
    System.out.println();
    System.out.println("== A single neuron, one gradient step");
    SingleNeuron.main(args);
    System.out.println();
    System.out.println("== A 1-1-1 sigmoid network, backpropagation by the engine");
    SigmoidNetwork.main(args);
  }
}
