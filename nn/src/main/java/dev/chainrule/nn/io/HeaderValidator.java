package dev.chainrule.nn.io;

import dev.chainrule.autodiff.array.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a parsed header against the data section it describes.
 *
 * <p>Every dtype must be known, every shape must fit an {@code NdArray} (dimensions and their running
 * product at most 2^31 - 1), every {@code data_offsets [begin, end]} must satisfy {@code begin <= end <=
 * data length} and hold exactly {@code product(shape) × dtype size} bytes, and the ranges, in offset
 * order, must tile the data section with no overlap, gap or trailing bytes (as the reference
 * implementation requires).
 */
final class HeaderValidator {
  private HeaderValidator() {}

  /** Where one validated tensor lives: {@code [begin, end)} of the data section. */
  record Location(String name, StoredType type, Shape shape, long begin, long end) {}

  /** The validated locations in header order; {@code source} names the file in errors. */
  static List<Location> validate(Header header, long dataLength, String source) {
    List<Location> locations = new ArrayList<>();
    for (Header.Entry entry : header.entries()) {
      locations.add(locate(entry, dataLength, source));
    }
    checkTiling(locations, dataLength, source);
    return locations;
  }

  private static Location locate(Header.Entry entry, long dataLength, String source) {
    String name = entry.name();
    StoredType type = StoredType.named(entry.dtype()).orElseThrow(() -> fail(source, name,
        "dtype " + SafeTensorsException.quote(entry.dtype()) + " is not supported; this reader takes F32, F64, F16, BF16, I64 and I32"));
    Shape shape = shape(entry, source);
    String offsets = "data_offsets [" + entry.begin() + ", " + entry.end() + "]";
    if (entry.begin() > entry.end()) {
      throw fail(source, name, offsets + " are reversed");
    }
    if (entry.end() > dataLength) {
      throw fail(source, name, offsets + " end past the data section of " + dataLength + " bytes");
    }
    long needed = (long) shape.size() * type.byteSize();
    if (entry.end() - entry.begin() != needed) {
      throw fail(source, name, offsets + " hold " + (entry.end() - entry.begin()) + " bytes but "
          + type + " " + shape + " needs " + needed);
    }
    return new Location(name, type, shape, entry.begin(), entry.end());
  }

  private static Shape shape(Header.Entry entry, String source) {
    int[] dims = new int[entry.shape().size()];
    long product = 1;
    for (int i = 0; i < dims.length; i++) {
      long dim = entry.shape().get(i);
      product *= Math.min(dim, Integer.MAX_VALUE + 1L);
      // Shape checks every running product, so a later zero does not excuse an earlier overflow
      if (dim > Integer.MAX_VALUE || product > Integer.MAX_VALUE) {
        throw fail(source, entry.name(), "shape " + entry.shape() + " is too large: its dimensions multiply past 2^31 - 1");
      }
      dims[i] = (int) dim;
    }
    return Shape.of(dims);
  }

  private static void checkTiling(List<Location> locations, long dataLength, String source) {
    List<Location> byOffset = new ArrayList<>(locations);
    byOffset.sort(Comparator.comparingLong(Location::begin).thenComparingLong(Location::end));
    long covered = 0;
    String previous = "";
    for (Location location : byOffset) {
      if (location.begin() < covered) {
        throw fail(source, location.name(), "data_offsets [" + location.begin() + ", " + location.end()
            + "] overlap tensor " + SafeTensorsException.quote(previous) + ", which ends at " + covered);
      }
      if (location.begin() > covered) {
        throw fail(source, location.name(), "data_offsets [" + location.begin() + ", " + location.end()
            + "] leave bytes [" + covered + ", " + location.begin() + ") of the data section unused");
      }
      covered = location.end();
      previous = location.name();
    }
    if (covered != dataLength) {
      throw fail(source, "", "the data section has " + dataLength + " bytes but the tensors cover " + covered);
    }
  }

  private static SafeTensorsException fail(String source, String tensor, String problem) {
    return SafeTensorsException.of("safetensors", source, tensor, problem);
  }
}
