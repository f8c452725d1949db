package dev.chainrule.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hooks registered on one tensor or one module, in registration order.
 *
 * <p>Thread-safe: hooks may be added and removed on any thread, and a reader (a backward pass, a module's
 * forward) takes a snapshot, so it sees each hook either wholly registered or not at all.
 *
 * @param <H> the type of hook
 */
public final class HookList<H> {
  private final CopyOnWriteArrayList<Entry<H>> entries = new CopyOnWriteArrayList<>();

  /** One registration, compared by identity, so a hook registered twice is removed one registration at a time. */
  private static final class Entry<H> {
    private final H hook;

    private Entry(H hook) {
      this.hook = hook;
    }
  }

  /**
   * Registers {@code hook} after the ones already registered.
   *
   * @param hook the hook, not null
   * @return the handle that removes this registration
   */
  public HookHandle add(H hook) {
    if (hook == null) {
      throw new NullPointerException("hook list: hook is null");
    }
    Entry<H> entry = new Entry<>(hook);
    entries.add(entry);
    return () -> entries.remove(entry);
  }

  /**
   * Whether no hook is registered.
   *
   * @return true if the list is empty
   */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The hooks registered now, in registration order; a copy.
   *
   * @return the hooks
   */
  public List<H> snapshot() {
    List<H> hooks = new ArrayList<>();
    for (Entry<H> e : entries) {
      hooks.add(e.hook);
    }
    return hooks;
  }
}
