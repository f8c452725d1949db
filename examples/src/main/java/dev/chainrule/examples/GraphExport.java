package dev.chainrule.examples;

import dev.chainrule.autodiff.GraphDot;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.MeanSquaredError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Draws the graph of one training step: a 2-layer network's loss as Graphviz DOT, written to
 * {@code output/graph.dot} and, where Graphviz's {@code dot} is installed, rendered to {@code graph.png}.
 * Filled boxes require grad (green: parameters), dashed edges carry no gradient.
 */
public final class GraphExport {
  private GraphExport() {}

  /** Builds the loss graph and returns its DOT text. */
  public static String lossGraph() {
    Random random = new Random(1);
    Sequential model = Sequential.of(Linear.create(3, 4, random), Activation.tanh(), Linear.create(4, 1, random));
    Tensor x = Tensor.randn(Shape.of(5, 3), DType.FLOAT64, random);
    Tensor y = Tensor.randn(Shape.of(5, 1), DType.FLOAT64, random);
    Tensor loss = MeanSquaredError.mean().apply(model.forward(x), y);
    return GraphDot.of(loss);
  }

  /** Writes {@code output/graph.dot} (and {@code graph.png} when {@code dot} is available). */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path dot = Path.of("output", "graph.dot");
    Files.createDirectories(dot.getParent());
    Files.writeString(dot, lossGraph());
    System.out.println("graph written to " + dot.toAbsolutePath());
    Path png = dot.resolveSibling("graph.png");
    try {
      Process p = new ProcessBuilder("dot", "-Tpng", dot.toString(), "-o", png.toString()).inheritIO().start();
      if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
        System.out.println("rendered to " + png.toAbsolutePath());
      }
    } catch (IOException e) {
      System.out.println("Graphviz's dot is not installed (apt-get install graphviz); render with: dot -Tpng "
          + dot + " -o " + png);
    }
  }
}
