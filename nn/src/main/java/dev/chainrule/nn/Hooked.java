package dev.chainrule.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.HookHandle;
import dev.chainrule.autodiff.HookList;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.op.Op;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A module with hooks around its {@link #forward}, as PyTorch's module hooks: forward pre-hooks see the
 * input and may replace it, forward hooks see the output and may replace it, and full backward hooks see
 * the gradients with respect to the output and the input and may replace the latter.
 *
 * <p>Wrap a module where it is used, {@code Sequential.of(Hooked.of(linear), …)}: the hooks run whenever
 * {@code forward(Tensor)} is called, which is how {@link Sequential}, the trainer and layers call their
 * submodules. Calls that reach the wrapped module through {@link #module()} bypass them. The wrapper is
 * transparent: its parameters, buffers and children are the wrapped module's, so names, state dicts and
 * the summary read as without it.
 *
 * <p>The hooks live in this wrapper; nothing is global. Registering and removing are thread-safe. A
 * forward call runs the pre-hooks and forward hooks registered when it starts; backward hooks are the
 * ones registered when the gradient arrives, and are set up only by forward calls made while at least
 * one was registered.
 *
 * @param <M> the type of the wrapped module
 */
public final class Hooked<M extends Module> implements Module {
  private final M module;
  private final HookList<UnaryOperator<Tensor>> preHooks = new HookList<>();
  private final HookList<ForwardHook> forwardHooks = new HookList<>();
  private final HookList<BackwardHook> backwardHooks = new HookList<>();

  private Hooked(M module) {
    this.module = module;
  }

  /**
   * Wraps {@code module}, with no hooks yet.
   *
   * @param module the module to run
   * @param <M> its type
   * @return the wrapper
   */
  public static <M extends Module> Hooked<M> of(M module) {
    return new Hooked<>(checkNotNull(module, "hooked: module is null"));
  }

  /**
   * The wrapped module.
   *
   * @return the module this wrapper runs
   */
  public M module() {
    return module;
  }

  /**
   * Registers a hook run before each forward call, given the input and returning the input to use.
   *
   * @param hook maps the input to the one the module is given: the input itself, or a replacement
   * @return the handle that removes the hook
   */
  public HookHandle registerForwardPreHook(UnaryOperator<Tensor> hook) {
    return preHooks.add(hook);
  }

  /**
   * Registers a hook run after each forward call, given the input and the output and returning the output.
   *
   * @param hook sees the call and returns the output to use
   * @return the handle that removes the hook
   */
  public HookHandle registerForwardHook(ForwardHook hook) {
    return forwardHooks.add(hook);
  }

  /**
   * Registers a hook run when a backward pass has computed the gradient with respect to the input of a
   * forward call: given that gradient and the one with respect to the output, it returns the gradient to
   * pass on. When the input does not require grad, the hook runs once the output's gradient is known, with
   * a null input gradient. A pass that needs no gradient for an input that requires one does not run it.
   *
   * @param hook sees both gradients and returns the input's
   * @return the handle that removes the hook
   */
  public HookHandle registerFullBackwardHook(BackwardHook hook) {
    return backwardHooks.add(hook);
  }

  /** Runs the pre-hooks, the module and the forward hooks, and sets up the backward hooks. */
  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (UnaryOperator<Tensor> hook : preHooks.snapshot()) {
      x = returned(hook.apply(x), "forward pre-hook: returned null; return the input itself to keep it");
    }
    CallGradients call = backwardHooks.isEmpty() ? null : new CallGradients();
    if (call != null && x.isGradRequired()) {
      x = Tensor.apply(new HookPoint(), x);
      x.registerHook(call::atInput);
      call.inputTracked = true;
    }
    Tensor out = module.forward(x);
    for (ForwardHook hook : forwardHooks.snapshot()) {
      out = returned(hook.apply(x, out), "forward hook: returned null; return the output itself to keep it");
    }
    if (call != null && out.isGradRequired()) {
      out = Tensor.apply(new HookPoint(), out);
      out.registerHook(call::atOutput);
    }
    return out;
  }

  private static Tensor returned(Tensor result, String messageIfNull) {
    if (result == null) {
      throw new IllegalStateException(messageIfNull);
    }
    return result;
  }

  /** The wrapped module's parameters. */
  @Override
  public Map<String, Parameter> localParameters() {
    return module.localParameters();
  }

  /** The wrapped module's buffers. */
  @Override
  public Map<String, Buffer> localBuffers() {
    return module.localBuffers();
  }

  /** The wrapped module's children. */
  @Override
  public Map<String, Module> children() {
    return module.children();
  }

  /** The wrapped module's description. */
  @Override
  public String toString() {
    return module.toString();
  }

  /** The gradients of one forward call, met in backward: the output's first, then the input's. */
  private final class CallGradients {
    private boolean inputTracked;
    private Tensor gradOutput;

    private Tensor atOutput(Tensor grad) {
      gradOutput = grad;
      if (!inputTracked) {
        for (BackwardHook hook : backwardHooks.snapshot()) {
          hook.apply(null, grad);
        }
      }
      return grad;
    }

    private Tensor atInput(Tensor grad) {
      for (BackwardHook hook : backwardHooks.snapshot()) {
        Tensor next = hook.apply(grad, gradOutput);
        if (next == null || !next.shape().equals(grad.shape()) || next.dtype() != grad.dtype()) {
          throw new IllegalStateException(String.format(
              "full backward hook: must return a gradient of the input's shape and dtype; got %s for %s%s",
              next == null ? "null" : next.dtype() + "" + next.shape(), grad.dtype(), grad.shape()));
        }
        grad = next;
      }
      return grad;
    }
  }

  /** The identity, recorded as a node of its own so the hooks of one call see only that call's gradients. */
  private record HookPoint() implements Op.Unary {
    @Override
    public NdArray forward(NdArray x) {
      return x;
    }

    @Override
    public Tensor backward(Tensor grad, Tensor x, Tensor out) {
      return grad;
    }
  }
}
