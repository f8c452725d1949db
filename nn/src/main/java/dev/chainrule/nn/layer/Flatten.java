package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Module;

/** Flattens every axis after the first: {@code [N, C, H, W]} → {@code [N, C·H·W]}. */
public final class Flatten implements Module {
  /** A flatten layer; it has no parameters. */
  public Flatten() {}

  @Override
  public Tensor forward(Tensor input) {
    checkArgument(input.rank() >= 1, "flatten: needs a batch axis; got shape %s", input.shape());
    return input.reshape(input.shape().dim(0), -1);
  }

  @Override
  public String toString() {
    return "Flatten";
  }
}
