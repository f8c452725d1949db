package dev.chainrule.spark;

import java.io.Serializable;

/**
 * A recipe for an object that each Spark task builds for itself: a model, a loss, an update rule, a
 * metric. Only recipes travel to the executors (as Spark serializes any closure); models, parameters and
 * gradients never do by Java serialization: their values travel as safetensors bytes, checked on arrival.
 *
 * <p>A lambda is a factory when its target type is this interface: {@code () -> CrossEntropy.mean()}.
 * What it captures must be serializable too (numbers and strings are).
 *
 * @param <T> what it builds
 */
@FunctionalInterface
public interface Factory<T> extends Serializable {
  /**
   * Builds a new object; every call gives an equal, independent one.
   *
   * @return the object
   */
  T create();
}
