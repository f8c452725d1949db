package dev.chainrule.autodiff;

/**
 * Dense ids 0, 1, 2, … for tensors, keyed by identity: an open-addressing table of parallel arrays, so a
 * backward pass can keep its per-node state in arrays indexed by id, without boxing or an entry object per
 * node. Confined to the one pass that made it.
 */
final class NodeIds {
  private Tensor[] keys = new Tensor[64];
  private int[] ids = new int[64];
  private int size;

  /** The number of tensors added, which is also the next id. */
  int size() {
    return size;
  }

  /** The id of {@code t}, or -1 when it was never added. */
  int find(Tensor t) {
    int mask = keys.length - 1;
    for (int i = slot(t, mask); keys[i] != null; i = (i + 1) & mask) {
      if (keys[i] == t) {
        return ids[i];
      }
    }
    return -1;
  }

  /** Adds {@code t}, which must not be present yet, and returns its new id. */
  int add(Tensor t) {
    if (2 * (size + 1) > keys.length) {
      rehash(keys.length * 2);
    }
    insert(t, size);
    return size++;
  }

  private void insert(Tensor t, int id) {
    int mask = keys.length - 1;
    int i = slot(t, mask);
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = t;
    ids[i] = id;
  }

  private void rehash(int capacity) {
    Tensor[] oldKeys = keys;
    int[] oldIds = ids;
    keys = new Tensor[capacity];
    ids = new int[capacity];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        insert(oldKeys[i], oldIds[i]);
      }
    }
  }

  private static int slot(Tensor t, int mask) {
    int h = t.nodeHash();
    return (h ^ (h >>> 16)) & mask;
  }

}
