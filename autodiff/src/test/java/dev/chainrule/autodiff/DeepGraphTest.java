package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Reverse mode is iterative: a chain of a million nodes backpropagates without a StackOverflowError (the
 * test JVM runs with a small 512 KiB thread stack to make recursion fail fast).
 */
class DeepGraphTest {

  @Test
  void aMillionNodeChainBackpropagates() {
    Tensor a = Tensor.scalar(1.0000001).requiresGrad();
    Tensor b = Tensor.scalar(1e-7).requiresGrad();
    Tensor y = Tensor.scalar(1.0);
    int n = 500_000;
    for (int i = 0; i < n; i++) {
      y = y.mul(a).add(b); // 1,000,000 nodes
    }
    y.backward();
    // y_n = a^n + b (a^n - 1)/(a - 1); check dy/db against that closed form
    double an = Math.pow(1.0000001, n);
    double expectedDb = (an - 1) / (1.0000001 - 1);
    assertEquals(expectedDb, b.grad().item(), 1e-6 * expectedDb);
  }
}
