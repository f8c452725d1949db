package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Gradients of gradients: createGraph, Hessian-vector products, Jacobians and Hessians. */
class HigherOrderTest {

  @Property(tries = 50)
  void thirdDerivativeOfSinIsMinusCos(@ForAll @DoubleRange(min = -3, max = 3) double value) {
    Tensor x = Tensor.scalar(value).requiresGrad();
    Tensor d1 = Autodiff.grad(x.sin(), List.of(x), GradOptions.creatingGraph()).get(x);
    Tensor d2 = Autodiff.grad(d1, List.of(x), GradOptions.creatingGraph()).get(x);
    Tensor d3 = Autodiff.grad(d2, List.of(x)).get(x);
    assertEquals(Math.cos(value), d1.item(), 1e-12);
    assertEquals(-Math.sin(value), d2.item(), 1e-12);
    assertEquals(-Math.cos(value), d3.item(), 1e-12);
  }

  @Example
  void backwardWithCreateGraphAccumulatesADifferentiableGradient() {
    Tensor x = Tensor.scalar(2).requiresGrad();
    x.pow(3).backward(GradOptions.creatingGraph());
    Tensor first = x.grad();
    assertEquals(12, first.item(), 1e-12);
    assertTrue(first.isGradRequired());
    assertEquals(12, Autodiff.grad(first, List.of(x)).get(x).item(), 1e-12); // 6x
  }

  @Provide
  Arbitrary<NdArray> vectors() {
    return TensorArbitraries.shapesOfRank(1, 4).flatMap(s -> TensorArbitraries.arrays(s, Domain.of(-2, 2)));
  }

  @Property(tries = 50)
  void hessianOfAQuadraticFormIsASymmetrizedMatrix(@ForAll("vectors") NdArray x) {
    int n = x.size();
    NdArray a = NdArray.uniform(Shape.of(n, n), DType.FLOAT64, -1, 1, new Random(n));
    Tensor matrix = Tensor.of(a);
    NdArray h = Autodiff.hessian(v -> v.matmul(matrix).matmul(v), x);
    assertTrue(h.allClose(matrix.add(matrix.transpose()).value(), 1e-12, 1e-12), h.toString());
  }

  @Property(tries = 50)
  void hessianVectorProductEqualsHessianTimesVector(@ForAll("vectors") NdArray x) {
    NdArray v = NdArray.uniform(x.shape(), DType.FLOAT64, -1, 1, new Random(3));
    java.util.function.UnaryOperator<Tensor> f = t -> t.sin().mul(t.square()).sum().add(t.sum().square());
    NdArray hv = Autodiff.hvp(f, Tensor.of(x), Tensor.of(v)).value();
    NdArray expected = Tensor.of(Autodiff.hessian(f, x)).matmul(Tensor.of(v)).value();
    assertTrue(hv.allClose(expected, 1e-12, 1e-10), hv + " vs " + expected);
  }

  @Property(tries = 50)
  void jacobianOfAnElementwiseOpIsDiagonal(@ForAll("vectors") NdArray x) {
    NdArray j = Autodiff.jacobian(Tensor::tanh, x);
    for (int r = 0; r < x.size(); r++) {
      for (int c = 0; c < x.size(); c++) {
        double t = Math.tanh(x.get(r));
        assertEquals(r == c ? 1 - t * t : 0, j.get(r, c), 1e-12);
      }
    }
  }

  @Example
  void jacobianOfAFunctionThatIgnoresItsInputIsZero() {
    NdArray j = Autodiff.jacobian(t -> Tensor.of(1, 2), NdArray.of(3, 4, 5));
    assertEquals(Shape.of(2, 3), j.shape());
    assertEquals(0, Tensor.of(j).abs().sum().item());
  }
}
