package dev.chainrule.examples;

import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The README's "Testing your own ops" snippet, run through the autodiff test-jar as a user's project would. */
class ReadmeOwnOpPropertyTest {

  @Property(tries = 100)
  void huberMatchesFiniteDifferences(@ForAll("residuals") NdArray x) {
    GradCheck.check(t -> Tensor.apply(new Huber(1.0), t), x).assertPassed();
    GradCheck.defaults().runSecondOrder(ts -> Tensor.apply(new Huber(1.0), ts.get(0)), List.of(x)).assertPassed();
  }

  @Provide
  Arbitrary<NdArray> residuals() {
    // shapes of rank ≤ 2 with dims ≤ 4; values in [-3, 3], kept 1e-3 away from the kinks of huber'' at ±1
    return TensorArbitraries.arrays(2, 4, Domain.standard().awayFrom(-1, 1e-3).awayFrom(1, 1e-3));
  }
}
