package dev.chainrule.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.layer.BatchNorm1d;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Buffers}: two BatchNorm1d replicas trained on different data, averaged and loaded back. */
class BuffersTest {
  private static BatchNorm1d replica(double[][]... batches) {
    BatchNorm1d bn = BatchNorm1d.create(2, DType.FLOAT64);
    for (double[][] batch : batches) {
      bn.forward(Tensor.of(batch));
    }
    return bn;
  }

  @Test
  void averageIsTheMeanOfTheStatisticsAndTheLargestBatchCount() {
    BatchNorm1d a = replica(new double[][] {{1, 2}, {3, 6}, {5, 10}});
    BatchNorm1d b = replica(new double[][] {{0, 0}, {2, 4}}, new double[][] {{1, 1}, {1, 3}});
    Map<String, NdArray> average = Buffers.average(List.of(Buffers.values(a), Buffers.values(b)));
    assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"), List.copyOf(average.keySet()));
    NdArray meanA = a.localBuffers().get("running_mean").value();
    NdArray meanB = b.localBuffers().get("running_mean").value();
    assertEquals(Tensor.of(meanA).add(Tensor.of(meanB)).div(2).value(), average.get("running_mean"));
    assertTrue(average.get("running_var").allClose(
        a.localBuffers().get("running_var").value().zip(b.localBuffers().get("running_var").value(), (x, y) -> (x + y) / 2),
        1e-15, 0));
    assertEquals(NdArray.scalar(2), average.get("num_batches_tracked"));
  }

  @Test
  void averageOfFloat32StaysFloat32() {
    Map<String, NdArray> one = Map.of("running_mean", NdArray.of(1, 2).to(DType.FLOAT32));
    Map<String, NdArray> two = Map.of("running_mean", NdArray.of(2, 5).to(DType.FLOAT32));
    assertEquals(NdArray.of(1.5, 3.5).to(DType.FLOAT32), Buffers.average(List.of(one, two)).get("running_mean"));
  }

  @Test
  void loadPutsTheAverageIntoEachReplica() {
    BatchNorm1d a = replica(new double[][] {{1, 2}, {3, 6}});
    BatchNorm1d b = replica(new double[][] {{0, 1}, {4, 4}});
    Map<String, NdArray> average = Buffers.average(List.of(Buffers.values(a), Buffers.values(b)));
    Buffers.load(a, average);
    Buffers.load(b, average);
    assertEquals(average, Buffers.values(a));
    assertEquals(Buffers.values(a), Buffers.values(b));
  }

  @Test
  void mismatchedReplicasAndEmptyListsAreRejected() {
    Map<String, NdArray> values = Buffers.values(replica());
    Map<String, NdArray> fewer = new LinkedHashMap<>(values);
    fewer.remove("running_var");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Buffers.average(List.of(values, fewer)));
    assertTrue(e.getMessage().startsWith("average: replica 1 differs from replica 0: running_var is missing"), e.getMessage());
    Map<String, NdArray> wider = new LinkedHashMap<>(values);
    wider.put("running_mean", NdArray.of(0, 0, 0));
    e = assertThrows(IllegalArgumentException.class, () -> Buffers.average(List.of(values, wider)));
    assertTrue(e.getMessage().endsWith("running_mean expects float64[2]; got float64[3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Buffers.average(List.of()));
    assertEquals("average: needs at least one replica; got []", e.getMessage());
  }

  @Test
  void loadChecksEverythingBeforeChangingAnything() {
    BatchNorm1d bn = replica(new double[][] {{1, 2}, {3, 6}});
    Map<String, NdArray> before = Buffers.values(bn);
    Map<String, NdArray> bad = new LinkedHashMap<>(Buffers.values(replica()));
    bad.put("num_batches_tracked", NdArray.scalar(1, DType.FLOAT32));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Buffers.load(bn, bad));
    assertEquals("buffers load: num_batches_tracked expects float64[]; got float32[]", e.getMessage());
    assertEquals(before, Buffers.values(bn));
  }
}
