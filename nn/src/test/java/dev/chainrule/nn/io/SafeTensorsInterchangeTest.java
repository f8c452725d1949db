package dev.chainrule.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Residual;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.BatchNorm2d;
import dev.chainrule.nn.layer.Conv2d;
import dev.chainrule.nn.layer.ConvOptions;
import dev.chainrule.nn.PyTorchReference;
import dev.chainrule.nn.layer.Gru;
import dev.chainrule.nn.layer.Lstm;
import dev.chainrule.nn.layer.MultiheadAttention;
import dev.chainrule.nn.layer.RecurrentOptions;
import dev.chainrule.nn.layer.Rnn;
import dev.chainrule.nn.layer.TransformerDecoderLayer;
import dev.chainrule.nn.layer.TransformerEncoderLayer;
import dev.chainrule.nn.layer.TransformerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * State dicts of the sequence layers move between PyTorch and Chainrule as safetensors files, both ways.
 *
 * <p>PyTorch to Chainrule: each {@code interchange_<case>.safetensors} under {@code /pytorch/} is a torch
 * module's {@code state_dict()} written by {@code nn/src/test/python/generate_interchange.py}; loaded into the
 * matching Chainrule layer, it computes torch's stored output within 1e-10.
 *
 * <p>Chainrule to PyTorch: a state dict Chainrule saves has exactly the names, order, shapes and dtype of
 * torch's file, which is what {@code load_state_dict(strict=True)} demands. With
 * {@code -Dchainrule.interchange.out=DIR} the test also writes each Chainrule layer's file and output there,
 * for the script's {@code --check DIR}, which loads them into torch (see the script).
 */
class SafeTensorsInterchangeTest {
  private static final double TOLERANCE = 1e-10;
  private static final TransformerOptions SMALL = TransformerOptions.of(8, 2).withFeedforward(16).withDropout(0, 0);

  /** One layer configured as in the script, and how it runs on the stored inputs. */
  private record Case(String name, Function<Random, Module> factory, List<String> inputs,
      Function<Map<String, Tensor>, Function<Module, Tensor>> forward) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        new Case("lstm", r -> Lstm.create(RecurrentOptions.of(3, 5).withLayers(2).withBidirectional(true), r),
            List.of("x"), xs -> m -> m.forward(xs.get("x"))),
        new Case("gru", r -> Gru.create(RecurrentOptions.of(3, 5).withBatchFirst(true), r),
            List.of("x"), xs -> m -> m.forward(xs.get("x"))),
        new Case("rnn", r -> Rnn.create(RecurrentOptions.of(3, 5), Rnn.Nonlinearity.RELU, r),
            List.of("x"), xs -> m -> m.forward(xs.get("x"))),
        new Case("mha", r -> MultiheadAttention.create(8, 2, DType.FLOAT64, r),
            List.of("x"), xs -> m -> m.forward(xs.get("x"))),
        new Case("encoder", r -> TransformerEncoderLayer.create(SMALL, DType.FLOAT64, r),
            List.of("x"), xs -> m -> m.forward(xs.get("x"))),
        new Case("decoder", r -> TransformerDecoderLayer.create(SMALL, DType.FLOAT64, r),
            List.of("tgt", "memory"), xs -> m -> ((TransformerDecoderLayer) m).forward(xs.get("tgt"), xs.get("memory"))),
        new Case("resblock", SafeTensorsInterchangeTest::residualBlock, List.of("x"), xs -> m -> m.forward(xs.get("x"))))
        .map(Arguments::of);
  }

  /** generate_residual.py's block: a ResNet basic block with a downsampling shortcut, float64. */
  private static Module residualBlock(Random random) {
    ConvOptions halve = ConvOptions.of(3, 4, 3).withStride(2).withPadding(1).withBias(false);
    Module body = Sequential.of(Conv2d.create(halve, random), BatchNorm2d.create(4, DType.FLOAT64), Activation.relu(),
        Conv2d.create(ConvOptions.of(4, 4, 3).withPadding(1).withBias(false), random), BatchNorm2d.create(4, DType.FLOAT64));
    Module shortcut = Sequential.of(
        Conv2d.create(ConvOptions.of(3, 4, 1).withStride(2).withBias(false), random), BatchNorm2d.create(4, DType.FLOAT64));
    return Sequential.of(Residual.of(body, shortcut), Activation.relu());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aTorchStateDictLoadsAndComputesTorchsOutput(Case c) {
    Map<String, NdArray> torchState = torchState(c);
    PyTorchReference ref = PyTorchReference.load("interchange_" + c.name() + ".txt");
    Module module = c.factory().apply(new Random(7));

    module.loadStateDict(torchState);

    ref.assertAgrees("output", c.forward().apply(inputs(c, ref)).apply(module).value(), TOLERANCE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aChainruleStateDictHasTorchsNamesOrderShapesAndDtype(Case c) throws IOException {
    Map<String, NdArray> torchState = torchState(c);
    Module module = c.factory().apply(new Random(11));

    byte[] saved = SafeTensors.encode(module.stateDict(), Map.of());
    Map<String, NdArray> chainrule = SafeTensors.decode(saved).tensors();

    assertEquals(List.copyOf(torchState.keySet()), List.copyOf(chainrule.keySet()), c.name() + ": names in order");
    torchState.forEach((name, t) -> {
      assertEquals(t.shape(), chainrule.get(name).shape(), c.name() + ": shape of " + name);
      assertEquals(DType.FLOAT64, chainrule.get(name).dtype(), c.name() + ": dtype of " + name);
    });
    // and the file round-trips: a fresh layer loaded from it computes the same output
    Module copy = c.factory().apply(new Random(12));
    copy.loadStateDict(chainrule);
    Map<String, Tensor> xs = inputs(c, PyTorchReference.load("interchange_" + c.name() + ".txt"));
    NdArray original = c.forward().apply(xs).apply(module).value();
    assertTrue(original.allClose(c.forward().apply(xs).apply(copy).value(), 0, 0), c.name() + ": round trip");
    String out = System.getProperty("chainrule.interchange.out", "");
    if (!out.isEmpty()) {
      writeForTorch(Path.of(out), c, saved, xs, original);
    }
  }

  private static Map<String, NdArray> torchState(Case c) {
    String resource = "/pytorch/interchange_" + c.name() + ".safetensors";
    try (InputStream in = SafeTensorsInterchangeTest.class.getResourceAsStream(resource)) {
      assertTrue(in != null, "missing test resource " + resource);
      return SafeTensors.decode(in.readAllBytes()).tensors();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Tensor> inputs(Case c, PyTorchReference ref) {
    Map<String, Tensor> xs = new LinkedHashMap<>();
    for (String name : c.inputs()) {
      xs.put(name, Tensor.of(ref.get(name)));
    }
    return xs;
  }

  /** {@code <case>.safetensors} and {@code <case>.txt} (inputs and output) in the script's text format. */
  private static void writeForTorch(Path dir, Case c, byte[] saved, Map<String, Tensor> xs, NdArray output) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(c.name() + ".safetensors"), saved);
    List<String> lines = new ArrayList<>();
    lines.add("# " + c.name() + ": inputs and Chainrule's output");
    xs.forEach((name, t) -> addTensor(lines, name, t.value()));
    addTensor(lines, "output", output);
    Files.write(dir.resolve(c.name() + ".txt"), lines, StandardCharsets.UTF_8);
  }

  private static void addTensor(List<String> lines, String name, NdArray value) {
    StringBuilder head = new StringBuilder("tensor ").append(name);
    for (int d = 0; d < value.rank(); d++) {
      head.append(' ').append(value.shape().dim(d));
    }
    lines.add(head.toString());
    StringBuilder values = new StringBuilder();
    for (double v : value.toDoubleArray()) {
      values.append(values.length() == 0 ? "" : " ").append(v); // Double.toString reads back exactly
    }
    lines.add(values.toString());
  }
}
