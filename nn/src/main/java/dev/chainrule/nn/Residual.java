package dev.chainrule.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.Tensor;
import java.util.Map;

/**
 * A skip connection, {@code y = body(x) + shortcut(x)}, the building block of residual networks (He et al.
 * 2016): the shortcut is the identity, or a module that matches the body's output shape (a 1x1 strided
 * convolution and batch norm when the block changes size). Children are named {@code "body"} and
 * {@code "shortcut"}, so a torch module with those attributes has the same state-dict names.
 *
 * <pre>{@code
 * Module block = Sequential.of(
 *     Residual.of(Sequential.of(conv1, bn1, Activation.relu(), conv2, bn2)),
 *     Activation.relu());
 * }</pre>
 */
public final class Residual implements Module {
  private final Module body;
  private final Module shortcut;

  private Residual(Module body, Module shortcut) {
    this.body = checkNotNull(body, "residual: the body is null");
    this.shortcut = shortcut;
  }

  /**
   * {@code body(x) + x}.
   *
   * @param body a module whose output has its input's shape
   * @return the block
   */
  public static Residual of(Module body) {
    return new Residual(body, null);
  }

  /**
   * {@code body(x) + shortcut(x)}.
   *
   * @param body the main path
   * @param shortcut the skip path, giving the body's output shape
   * @return the block
   */
  public static Residual of(Module body, Module shortcut) {
    return new Residual(body, checkNotNull(shortcut, "residual: the shortcut is null"));
  }

  /**
   * Adds the two paths.
   *
   * @param x the input
   * @return {@code body(x) + shortcut(x)}
   * @throws IllegalArgumentException if the paths' outputs differ in shape
   */
  @Override
  public Tensor forward(Tensor x) {
    Tensor main = body.forward(x);
    Tensor skip = shortcut == null ? x : shortcut.forward(x);
    checkArgument(main.shape().equals(skip.shape()),
        "residual: the body's output and the %s differ in shape; got %s and %s",
        shortcut == null ? "input" : "shortcut's output", main.shape(), skip.shape());
    return main.add(skip);
  }

  /** {@code body} and, when there is one, {@code shortcut}; immutable. */
  @Override
  public Map<String, Module> children() {
    return shortcut == null ? ImmutableMap.of("body", body) : ImmutableMap.of("body", body, "shortcut", shortcut);
  }

  @Override
  public String toString() {
    return shortcut == null ? "Residual" : "Residual(with shortcut)";
  }
}
