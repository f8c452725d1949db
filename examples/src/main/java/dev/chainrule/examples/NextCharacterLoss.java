package dev.chainrule.examples;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.loss.Loss;
import dev.chainrule.nn.loss.Reduction;

/**
 * Cross-entropy of next-character logits {@code [N, T, V]} against targets {@code [N, L]}, summed (in nats)
 * over the characters that have a target: padded steps ({@link Words#NO_TARGET}) count nothing.
 *
 * <p>The sum, not the mean, so that the trainer's per-example loss is nats per word, which divided by the
 * characters per word is exactly nats per character whatever the batches. {@code T} may be shorter than
 * {@code L} when the model stops after a batch's longest word; the targets past {@code T} must be padding.
 */
record NextCharacterLoss() implements Loss {
  @Override
  public Tensor apply(Tensor logits, Tensor target) {
    checkArgument(logits.rank() == 3 && target.rank() == 2 && logits.shape().dim(0) == target.shape().dim(0)
        && logits.shape().dim(1) <= target.shape().dim(1),
        "nextCharacterLoss: expected logits [N, T, V] and targets [N, L ≥ T]; got %s and %s", logits.shape(), target.shape());
    int n = logits.shape().dim(0);
    int steps = logits.shape().dim(1);
    int length = target.shape().dim(1);
    double[] targets = target.value().toDoubleArray();
    double[] indices = new double[n * steps];
    double[] counted = new double[n * steps];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < length; t++) {
        double c = targets[i * length + t];
        checkArgument(t < steps || c == Words.NO_TARGET, "nextCharacterLoss: word %s has a target at step %s, past the %s steps of the logits", i, t, steps);
        if (t < steps) {
          indices[i * steps + t] = Math.max(c, 0);
          counted[i * steps + t] = c == Words.NO_TARGET ? 0 : 1;
        }
      }
    }
    Tensor logProbabilities = logits.reshape(n * steps, logits.shape().dim(2)).logSoftmax(1);
    Tensor picked = logProbabilities.gather(1, NdArray.of(Shape.of(n * steps, 1), indices)).reshape(n * steps);
    return picked.mul(Tensor.of(NdArray.of(Shape.of(n * steps), counted).to(logits.dtype()))).sum().neg();
  }

  @Override
  public Reduction reduction() {
    return Reduction.SUM;
  }
}
