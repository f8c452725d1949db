package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backward pass's identity table: one dense id per tensor, found again after growing. */
class NodeIdsTest {

  @Test
  void eachTensorKeepsItsIdThroughGrowthAndCollidingHashes() {
    NodeIds ids = new NodeIds();
    List<Tensor> tensors = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      // constants all hash to 0, so half of these collide on one slot
      Tensor t = i % 2 == 0 ? Tensor.scalar(i) : Tensor.scalar(i).requiresGrad();
      tensors.add(t);
      assertEquals(-1, ids.find(t));
      assertEquals(i, ids.add(t));
    }
    for (int i = 0; i < tensors.size(); i++) {
      assertEquals(i, ids.find(tensors.get(i)));
    }
    assertEquals(500, ids.size());
    assertEquals(-1, ids.find(Tensor.scalar(0)), "equal value, other tensor");
  }
}
