package dev.chainrule.autodiff;

/**
 * A registered hook, returned by {@link Tensor#registerHook} and by the module hooks of
 * {@code dev.chainrule.nn}: {@link #remove()} unregisters it. Usable in try-with-resources, which removes
 * the hook at the end of the block.
 */
@FunctionalInterface
public interface HookHandle extends AutoCloseable {
  /** Unregisters the hook; removing it again is harmless. */
  void remove();

  /** The same as {@link #remove()}. */
  @Override
  default void close() {
    remove();
  }
}
