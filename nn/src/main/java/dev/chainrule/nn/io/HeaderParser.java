package dev.chainrule.nn.io;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict parser for exactly the JSON a safetensors header may hold.
 *
 * <p>It reads a top-level object of tensor entries {@code {"dtype": "F32", "shape": [2, 3],
 * "data_offsets": [0, 24]}} and an optional {@code "__metadata__"} object of strings, and nothing else:
 * floats, negatives, {@code null}, booleans, nesting the format does not have, unknown or repeated keys,
 * lone surrogates and trailing content are rejected (tokens are read by {@link JsonCursor}). The parser
 * follows the schema with loops and never recurses, so hostile nesting cannot overflow the stack. Arrays
 * are bounded ({@link #MAX_RANK} dimensions, two offsets) and so are the entries ({@link #MAX_TENSORS}
 * tensors, {@link #MAX_METADATA} metadata keys), so a legal header cannot make it allocate much more than
 * the strings it holds: each entry costs a bounded number of small objects, and there are few of them.
 */
final class HeaderParser {
  /** The most dimensions a shape may have, as in NumPy. */
  static final int MAX_RANK = 64;

  /** The most tensors a header may describe, far more than a file of at most 2 GiB holds in practice. */
  static final int MAX_TENSORS = 100_000;

  /** The most keys the {@code "__metadata__"} object may hold. */
  static final int MAX_METADATA = 100_000;

  /** The reserved key of the metadata object. */
  static final String METADATA = "__metadata__";

  private final JsonCursor cursor;

  private HeaderParser(JsonCursor cursor) {
    this.cursor = cursor;
  }

  /**
   * Parses the header in {@code bytes[start, end)}, which must be valid UTF-8; {@code source} names the
   * file in errors (empty for bytes).
   */
  static Header parse(byte[] bytes, int start, int end, String source) {
    return new HeaderParser(new JsonCursor(bytes, start, end, source)).header();
  }

  private Header header() {
    List<Header.Entry> entries = new ArrayList<>();
    Map<String, String> metadata = null;
    Set<String> names = new HashSet<>();
    cursor.expect('{', "", "the header object");
    if (!cursor.consume('}')) {
      do {
        String name = cursor.string("", "a tensor name");
        cursor.expect(':', name, "':'");
        if (!names.add(name)) {
          throw cursor.fail(name, "the name appears twice");
        }
        if (name.equals(METADATA)) {
          metadata = metadata();
        } else {
          if (entries.size() == MAX_TENSORS) {
            throw cursor.fail("", "the header describes more than " + MAX_TENSORS + " tensors, the most this reader takes");
          }
          entries.add(entry(name));
        }
      } while (cursor.consume(','));
      cursor.expect('}', "", "',' or '}' after an entry");
    }
    cursor.expectEnd();
    return new Header(entries, metadata == null ? Map.of() : metadata);
  }

  private Map<String, String> metadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    cursor.expect('{', "", "an object of strings for \"__metadata__\"");
    if (cursor.consume('}')) {
      return metadata;
    }
    do {
      if (metadata.size() == MAX_METADATA) {
        throw cursor.fail("", "\"__metadata__\" holds more than " + MAX_METADATA + " keys, the most this reader takes");
      }
      String key = cursor.string("", "a metadata key");
      String quoted = SafeTensorsException.quote(key);
      cursor.expect(':', "", "':' after metadata key " + quoted);
      String value = cursor.string("", "a string value for metadata key " + quoted);
      if (metadata.put(key, value) != null) {
        throw cursor.fail("", "metadata key " + quoted + " appears twice");
      }
    } while (cursor.consume(','));
    cursor.expect('}', "", "',' or '}' in \"__metadata__\"");
    return metadata;
  }

  private Header.Entry entry(String name) {
    String dtype = null;
    List<Long> shape = null;
    List<Long> offsets = null;
    Set<String> fields = new HashSet<>();
    cursor.expect('{', name, "an object with dtype, shape and data_offsets");
    if (!cursor.consume('}')) {
      do {
        String field = cursor.string(name, "a field name");
        cursor.expect(':', name, "':' after " + SafeTensorsException.quote(field));
        if (!fields.add(field)) {
          throw cursor.fail(name, "field " + SafeTensorsException.quote(field) + " appears twice");
        }
        switch (field) {
          case "dtype":
            dtype = cursor.string(name, "a string for dtype");
            break;
          case "shape":
            shape = integers(name, "shape", MAX_RANK);
            break;
          case "data_offsets":
            offsets = integers(name, "data_offsets", 2);
            break;
          default:
            throw cursor.fail(name, "unknown field " + SafeTensorsException.quote(field)
                + "; an entry has dtype, shape and data_offsets");
        }
      } while (cursor.consume(','));
      cursor.expect('}', name, "',' or '}' in the entry");
    }
    String missing = dtype == null ? "dtype" : shape == null ? "shape" : offsets == null ? "data_offsets" : "";
    if (!missing.isEmpty()) {
      throw cursor.fail(name, "the entry has no " + missing);
    }
    if (offsets.size() != 2) {
      throw cursor.fail(name, "data_offsets must be [begin, end]; got " + offsets);
    }
    return new Header.Entry(name, dtype, shape, offsets.get(0), offsets.get(1));
  }

  /** An array of at most {@code limit} non-negative integers. */
  private List<Long> integers(String name, String field, int limit) {
    List<Long> values = new ArrayList<>();
    cursor.expect('[', name, "an array of integers for " + field);
    if (cursor.consume(']')) {
      return values;
    }
    do {
      if (values.size() == limit) {
        throw cursor.fail(name, field + " has more than " + limit + " entries");
      }
      values.add(cursor.integer(name, field));
    } while (cursor.consume(','));
    cursor.expect(']', name, "',' or ']' in " + field);
    return values;
  }
}
