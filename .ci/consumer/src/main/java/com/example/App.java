package com.example;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.util.Random;

/** A program using Chainrule as a dependency: a gradient, then a few steps of training. */
public final class App {
  public static void main(String[] args) {
    Tensor x = Tensor.scalar(2).requiresGrad();
    x.pow(3).backward();
    System.out.println("d(x^3)/dx at 2 = " + x.grad().item());

    Linear model = Linear.create(2, 1, new Random(42));
    Optimizer sgd = Optimizer.create(Sgd.of(0.1), model.parameters());
    Tensor inputs = Tensor.of(new double[][] {{0, 1}, {1, 0}, {1, 1}}).to(model.weight().dtype());
    Tensor targets = Tensor.of(new double[][] {{1}, {-1}, {0}}).to(inputs.dtype());
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 50; step++) {
      Tensor loss = MeanSquaredError.mean().apply(model.forward(inputs), targets);
      if (step == 0) {
        first = loss.item();
      }
      last = loss.item();
      loss.backward();
      sgd.step();
    }
    System.out.printf("linear regression: loss %.4f -> %.4f (%s)%n", first, last, last < first ? "decreasing" : "NOT decreasing");
    System.out.println("Vector API module: "
        + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "present" : "absent"));
  }
}
