package dev.chainrule.nn.io;

import java.util.List;
import java.util.Map;

/**
 * A parsed but not yet validated safetensors header: the tensor entries in header order and the metadata.
 *
 * <p>Numbers are kept as parsed ({@code long}); {@link HeaderValidator} checks them against the file.
 */
record Header(List<Entry> entries, Map<String, String> metadata) {
  Header {
    entries = List.copyOf(entries);
  }

  /** One tensor's {@code {"dtype", "shape", "data_offsets"}} object. */
  record Entry(String name, String dtype, List<Long> shape, long begin, long end) {
    Entry {
      shape = List.copyOf(shape);
    }
  }
}
