package dev.chainrule.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.BatchNorm1d;
import dev.chainrule.nn.layer.Linear;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path directory;

  private static Module model(long seed) {
    return Sequential.of(Linear.create(3, 4, new Random(seed)), Linear.create(4, 2, new Random(seed + 1)));
  }

  private Path file() {
    return directory.resolve("checkpoint.safetensors");
  }

  @Test
  void saveThenLoadRestoresEveryParameterAndTheOutputs() {
    Module trained = model(1);
    Module fresh = model(2);
    Checkpoint.save(file(), trained);
    Checkpoint.load(file(), fresh);
    assertEquals(trained.stateDict(), fresh.stateDict());
    Tensor x = Tensor.of(new double[][] {{0.1, -0.2, 0.3}, {1, 2, 3}});
    assertEquals(trained.forward(x).value(), fresh.forward(x).value());
  }

  @Test
  void savedFileHoldsThePlainStateDictNamesForPyTorch() {
    Checkpoint.save(file(), model(1));
    SafeTensors.Contents contents = SafeTensors.read(file());
    assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(contents.tensors().keySet()));
    assertEquals(Shape.of(4, 3), contents.tensors().get("0.weight").shape());
    assertEquals(Map.of("format", "pt"), contents.metadata());
  }

  @Test
  void loadRejectsMissingAndUnexpectedNamesLeavingTheModelUnchanged() {
    Map<String, NdArray> state = new LinkedHashMap<>(model(1).stateDict());
    state.remove("1.bias");
    state.put("extra", NdArray.of(1));
    Checkpoint.save(file(), state, Map.of());
    Module model = model(2);
    Map<String, NdArray> before = model.stateDict();

    SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> Checkpoint.load(file(), model));
    assertEquals("checkpoint: " + file() + ": names differ from the model's; missing [1.bias], unexpected [extra]", e.getMessage());
    assertEquals(before, model.stateDict());
  }

  @Test
  void loadRejectsAWrongShapeInTheLastTensorLeavingTheModelUnchanged() {
    Map<String, NdArray> state = new LinkedHashMap<>(model(1).stateDict());
    state.put("1.bias", NdArray.zeros(Shape.of(1, 2), DType.FLOAT64));
    Checkpoint.save(file(), state, Map.of());
    Module model = model(2);
    Map<String, NdArray> before = model.stateDict();

    SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> Checkpoint.load(file(), model));
    assertEquals("checkpoint: " + file() + ": tensor \"1.bias\": the model expects shape [2]; the file has [1, 2]", e.getMessage());
    assertEquals(before, model.stateDict());
  }

  @Test
  void loadRejectsACorruptFileLeavingTheModelUnchanged() throws IOException {
    Checkpoint.save(file(), model(1));
    byte[] bytes = Files.readAllBytes(file());
    Files.write(file(), Arrays.copyOf(bytes, bytes.length - 1));
    Module model = model(2);
    Map<String, NdArray> before = model.stateDict();

    SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> Checkpoint.load(file(), model));
    assertTrue(e.getMessage().startsWith("safetensors: " + file() + ": "), e.getMessage());
    assertEquals(before, model.stateDict());
  }

  @Test
  void float32CheckpointLoadsIntoAFloat64ModelByExactWidening() {
    Map<String, NdArray> state = new LinkedHashMap<>();
    model(1).stateDict().forEach((name, array) -> state.put(name, array.to(DType.FLOAT32)));
    Checkpoint.save(file(), state, Map.of());
    Module model = model(2);
    Checkpoint.load(file(), model);
    state.forEach((name, array) -> assertEquals(array.to(DType.FLOAT64), model.stateDict().get(name)));
  }

  @Test
  void float64CheckpointDoesNotRoundSilentlyIntoAFloat32Model() {
    Checkpoint.save(file(), model(1));
    Module float32 = Sequential.of(
        Linear.create(3, 4, DType.FLOAT32, Init.xavierUniform(), new Random(3)),
        Linear.create(4, 2, DType.FLOAT32, Init.xavierUniform(), new Random(4)));
    Map<String, NdArray> before = float32.stateDict();
    SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> Checkpoint.load(file(), float32));
    assertTrue(e.getMessage().contains("tensor \"0.weight\": the model expects float32; the file has float64"), e.getMessage());
    assertEquals(before, float32.stateDict());
  }

  @Test
  void halfPrecisionWeightsFromPyTorchLoadIntoAFloat32Model() throws IOException {
    String header = "{\"0.weight\":{\"dtype\":\"F16\",\"shape\":[1,2],\"data_offsets\":[0,4]},"
        + "\"0.bias\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]}}";
    Files.write(file(), HandBuilt.file(header, HandBuilt.halves(0x3c00, 0xb800, 0x4040)));
    Module model = Sequential.of(Linear.create(2, 1, DType.FLOAT32, Init.xavierUniform(), new Random(1)));
    Checkpoint.load(file(), model);
    assertEquals(NdArray.ofFloats(Shape.of(1, 2), 1f, -0.5f), model.stateDict().get("0.weight"));
    assertEquals(NdArray.ofFloats(Shape.of(1), 3f), model.stateDict().get("0.bias"));
  }

  @Test
  void optimizerStateRoundTripsWithItsMetadata() {
    Map<String, NdArray> state = new LinkedHashMap<>();
    state.put("step", NdArray.scalar(42));
    state.put("m.0.weight", NdArray.full(Shape.of(4, 3), DType.FLOAT64, 0.25));
    Checkpoint.save(file(), state, Map.of("optimizer", "adam", "learningRate", "0.001"));
    assertEquals(new SafeTensors.Contents(state, Map.of("optimizer", "adam", "learningRate", "0.001")), SafeTensors.read(file()));
  }

  @Test
  void aPyTorchStyleCheckpointWithAnIntegerCounterLoadsIntoAFloat32BatchNorm() throws IOException {
    BatchNorm1d bn = BatchNorm1d.create(2, DType.FLOAT32);
    Map<String, NdArray> state = new HashMap<>(bn.stateDict());
    state.remove("num_batches_tracked");
    byte[] floats = SafeTensors.encode(state, Map.of());
    Files.write(file(), withInt64Counter(floats, 7));
    Checkpoint.load(file(), bn);
    assertEquals(7, bn.localBuffers().get("num_batches_tracked").value().item());
  }

  /** Re-encodes a file adding {@code "num_batches_tracked": I64 []} holding {@code count}. */
  private static byte[] withInt64Counter(byte[] file, long count) {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) in.getLong();
    String header = new String(file, 8, headerLength, StandardCharsets.UTF_8).trim();
    int dataLength = file.length - 8 - headerLength;
    String extended = header.substring(0, header.length() - 1)
        + ",\"num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[" + dataLength + ","
        + (dataLength + 8) + "]}}";
    byte[] h = extended.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + h.length + dataLength + 8).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(h.length).put(h).put(file, 8 + headerLength, dataLength).putLong(count);
    return out.array();
  }
}
