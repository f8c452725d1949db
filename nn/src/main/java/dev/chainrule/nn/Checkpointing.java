package dev.chainrule.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Activation checkpointing for modules, like {@code torch.utils.checkpoint}: a module's intermediate
 * values are not kept for backward but computed again when backward needs them, trading one more forward
 * pass for memory. Gradients of the input and of every parameter equal those of the plain run bit for bit.
 *
 * <p>The recompute is {@link Autodiff#checkpoint}; what this class adds is the replay of the module's
 * state. Before the forward pass it notes each {@link Stochastic} module's draw count, every buffer's value
 * and the thread's {@link Mode}; the recompute runs with those, so dropout draws the same masks, and
 * afterwards puts back the counts and buffers it found, so later draws and batch-normalization running
 * statistics are as if nothing had been recomputed. Only modules reachable through
 * {@link Module#children()} are replayed. The recompute sets those counts and buffers for its duration,
 * so, as with {@link FunctionalCall}, the module must not run on another thread meanwhile.
 *
 * <pre>{@code
 * Module model = Checkpointing.sequential(Sequential.of(layers), 4);  // same parameters, same names
 * Tensor loss = lossFn.apply(model.forward(x), y);                    // keeps one tensor per 4 layers
 * loss.backward();                                                    // runs each segment again
 * }</pre>
 */
public final class Checkpointing {
  private Checkpointing() {}

  /**
   * {@code module.forward(input)} without keeping the module's intermediate values; the backward pass
   * runs the module again, with the same random draws, buffers and mode. Under no-grad this is just the
   * forward pass. Second-order gradients through it are not supported (they throw naming
   * {@code checkpoint}).
   *
   * @param module the module to run; its parameters get their gradients as in a plain run
   * @param input the module's input
   * @return the module's output, whose backward recomputes the module
   */
  public static Tensor checkpoint(Module module, Tensor input) {
    checkNotNull(module, "checkpoint: module is null");
    checkNotNull(input, "checkpoint: input is null");
    return Autodiff.checkpoint(new Replay(module), input);
  }

  /**
   * A module that runs {@code model}'s layers in segments of {@code every}, checkpointing each segment but
   * the last (whose values backward needs first, as PyTorch's {@code checkpoint_sequential} does). It
   * keeps one tensor per segment instead of every layer's, and runs each checkpointed segment twice. Its
   * children, and so its parameter names and state dict, are {@code model}'s.
   *
   * @param model the layers to run
   * @param every the number of layers per segment, positive
   * @return the checkpointed module, sharing {@code model}'s layers
   */
  public static Module sequential(Sequential model, int every) {
    checkNotNull(model, "checkpointing.sequential: model is null");
    checkArgument(every > 0, "checkpointing.sequential: every must be positive; got %s", every);
    return new CheckpointedSequential(model, every);
  }

  /** The module's replayable state at one moment: the draw counts and the buffers' values. */
  private record State(Map<Stochastic, Long> draws, Map<Buffer, NdArray> buffers) {
    static State of(Module root) {
      Map<Stochastic, Long> draws = new IdentityHashMap<>();
      Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      Deque<Module> stack = new ArrayDeque<>(List.of(root));
      while (!stack.isEmpty()) {
        Module m = stack.pop();
        if (seen.add(m)) {
          if (m instanceof Stochastic s) {
            draws.put(s, s.draws());
          }
          stack.addAll(m.children().values());
        }
      }
      Map<Buffer, NdArray> buffers = new IdentityHashMap<>();
      root.namedBuffers().values().forEach(b -> buffers.put(b, b.value()));
      return new State(Collections.unmodifiableMap(draws), Collections.unmodifiableMap(buffers));
    }

    void restore() {
      draws.forEach(Stochastic::restoreDraws);
      buffers.forEach(Buffer::update);
    }
  }

  /**
   * The function handed to {@link Autodiff#checkpoint}: its first call is the forward pass, which draws
   * and updates buffers as usual; each later call is a recompute, which runs from the state and mode noted
   * before the forward pass and then puts back the state it found.
   */
  private static final class Replay implements UnaryOperator<Tensor> {
    private final Module module;
    private final State before;
    private final boolean training;
    private boolean forwardDone;

    Replay(Module module) {
      this.module = module;
      this.before = State.of(module);
      this.training = Mode.isTraining();
    }

    @Override
    public Tensor apply(Tensor input) {
      if (!forwardDone) {
        forwardDone = true;
        return module.forward(input);
      }
      State now = State.of(module);
      before.restore();
      try (ModeScope mode = training ? Mode.train() : Mode.eval()) {
        return module.forward(input);
      } finally {
        now.restore();
      }
    }
  }

  /** {@link #sequential}'s module: checkpointed segments of a sequential model's layers. */
  private static final class CheckpointedSequential implements Module {
    private final Sequential model;
    private final int every;
    private final List<Module> segments;

    CheckpointedSequential(Sequential model, int every) {
      this.model = model;
      this.every = every;
      List<Module> segments = new ArrayList<>();
      List<Module> layers = model.layers();
      for (int start = 0; start < layers.size(); start += every) {
        List<Module> segment = layers.subList(start, Math.min(start + every, layers.size()));
        segments.add(segment.size() == 1 ? segment.get(0) : Sequential.of(segment.toArray(new Module[0])));
      }
      this.segments = List.copyOf(segments);
    }

    @Override
    public Tensor forward(Tensor input) {
      Tensor x = input;
      for (int i = 0; i < segments.size() - 1; i++) {
        x = checkpoint(segments.get(i), x);
      }
      return segments.get(segments.size() - 1).forward(x);
    }

    @Override
    public Map<String, Module> children() {
      return model.children();
    }

    @Override
    public String toString() {
      return "Checkpointed(" + model + ", every " + every + " layers)";
    }
  }
}
