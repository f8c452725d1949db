package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import org.junit.jupiter.api.Test;

class AppTest {
  @Test
  void gradientOfACube() {
    Tensor x = Tensor.scalar(2).requiresGrad();
    x.pow(3).backward();
    assertEquals(12.0, x.grad().item(), 1e-12);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    GradCheck.check(t -> t.sigmoid().mul(t).sum(), NdArray.of(-1.5, 0.25, 2.0)).assertPassed();
  }
}
