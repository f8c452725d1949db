package dev.chainrule.spark;

import dev.chainrule.nn.data.Dataset;
import java.util.ArrayList;
import java.util.List;

/** The partitions as datasets in this JVM, their tasks run one after another in partition order. */
final class LocalWorkers implements Workers {
  private final List<Dataset> shards;

  LocalWorkers(List<Dataset> shards) {
    this.shards = List.copyOf(shards);
  }

  @Override
  public int partitions() {
    return shards.size();
  }

  @Override
  public List<Integer> sizes() {
    return shards.stream().map(Dataset::size).toList();
  }

  @Override
  public List<byte[]> run(Task task, byte[] broadcast) {
    List<byte[]> results = new ArrayList<>();
    for (int p = 0; p < shards.size(); p++) {
      results.add(task.run(shards.get(p), p, broadcast.clone()));
    }
    return results;
  }

  @Override
  public void release() {}
}
