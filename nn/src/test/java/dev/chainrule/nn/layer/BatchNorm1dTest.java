package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Buffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BatchNorm1d's running statistics and the buffers that hold them. */
class BatchNorm1dTest {

  @Test
  void runningStatisticsFollowPyTorchsDefinition() {
    BatchNorm1d bn = BatchNorm1d.create(2, DType.FLOAT64);
    bn.forward(Tensor.of(new double[][] {{1, 2}, {3, 6}, {5, 10}}));
    Map<String, Buffer> b = bn.localBuffers();
    assertTrue(b.get("running_mean").value().allClose(NdArray.of(0.3, 0.6), 1e-15, 0));
    assertTrue(b.get("running_var").value().allClose(NdArray.of(1.3, 2.5), 1e-15, 0)); // 0.9 + 0.1·4, 0.9 + 0.1·16
    assertEquals(1, b.get("num_batches_tracked").value().item());
  }

  @Test
  void localBuffersCannotBeModifiedAndKeepPyTorchsOrder() {
    Map<String, Buffer> buffers = BatchNorm1d.create(2, DType.FLOAT64).localBuffers();
    assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"), List.copyOf(buffers.keySet()));
    assertThrows(UnsupportedOperationException.class, () -> buffers.remove("running_var"));
  }
}
