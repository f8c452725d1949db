package dev.chainrule.nn.io;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes tensors and metadata as safetensors bytes.
 *
 * <p>The header lists {@code "__metadata__"} (when not empty) and then the tensors in the map's iteration
 * order, and is padded with spaces to a multiple of 8 bytes. The data section holds the float64 tensors
 * first and then the float32 ones, each group in map order with no gaps, so every element is aligned to
 * its own size in the file, as the reference writer arranges.
 */
final class SafeTensorsEncoder {
  private SafeTensorsEncoder() {}

  private record Named(String name, NdArray array) {}

  static byte[] encode(Map<String, NdArray> tensors, Map<String, String> metadata) {
    checkArgument(tensors != null && metadata != null, "safetensors: tensors and metadata must not be null");
    List<Named> named = new ArrayList<>();
    for (Map.Entry<String, NdArray> entry : tensors.entrySet()) {
      checkName(entry.getKey());
      checkArgument(entry.getValue() != null, "safetensors: tensor %s is null", quote(entry.getKey()));
      named.add(new Named(entry.getKey(), entry.getValue()));
    }
    List<Named> dataOrder = new ArrayList<>(named);
    dataOrder.sort(Comparator.comparingInt((Named n) -> -n.array().dtype().byteSize()));
    Map<String, Long> begins = new HashMap<>();
    long dataLength = 0;
    for (Named n : dataOrder) {
      checkArgument(begins.put(n.name(), dataLength) == null, "safetensors: tensor %s appears twice", quote(n.name()));
      dataLength += byteLength(n.array());
    }
    byte[] header = padded(headerJson(named, begins, metadata).getBytes(StandardCharsets.UTF_8));
    long total = 8L + header.length + dataLength;
    checkArgument(total <= Integer.MAX_VALUE - 8, "safetensors: the file would have %s bytes; at most 2^31 - 9 fit in memory", total);
    ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(header.length).put(header);
    for (Named n : dataOrder) {
      putData(out, n.array());
    }
    return out.array();
  }

  private static String headerJson(List<Named> named, Map<String, Long> begins, Map<String, String> metadata) {
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append("\"__metadata__\":{");
      String separator = "";
      for (Map.Entry<String, String> entry : metadata.entrySet()) {
        checkArgument(entry.getValue() != null, "safetensors: metadata %s has a null value", quote(entry.getKey()));
        checkText("metadata key", entry.getKey());
        checkText("metadata value", entry.getValue());
        json.append(separator).append(string(entry.getKey())).append(':').append(string(entry.getValue()));
        separator = ",";
      }
      json.append('}').append(named.isEmpty() ? "" : ",");
    }
    String separator = "";
    for (Named n : named) {
      long begin = begins.get(n.name());
      json.append(separator).append(string(n.name()))
          .append(":{\"dtype\":\"").append(StoredType.of(n.array().dtype()))
          .append("\",\"shape\":").append(Arrays.toString(n.array().shape().toArray()).replace(" ", ""))
          .append(",\"data_offsets\":[").append(begin).append(',').append(begin + byteLength(n.array())).append("]}");
      separator = ",";
    }
    return json.append('}').toString();
  }

  /** {@code header} followed by spaces up to a multiple of 8 bytes. */
  private static byte[] padded(byte[] header) {
    byte[] out = Arrays.copyOf(header, (header.length + 7) / 8 * 8);
    Arrays.fill(out, header.length, out.length, (byte) ' ');
    return out;
  }

  private static void putData(ByteBuffer out, NdArray array) {
    if (array.dtype() == DType.FLOAT64) {
      out.asDoubleBuffer().put(array.toDoubleArray());
    } else {
      out.asFloatBuffer().put(array.toFloatArray());
    }
    out.position(out.position() + (int) byteLength(array));
  }

  private static long byteLength(NdArray array) {
    return (long) array.size() * array.dtype().byteSize();
  }

  /** A JSON string literal: quotes, backslashes and control characters escaped, the rest as is. */
  static String string(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int shortEscape = "\"\\\b\f\n\r\t".indexOf(c);
      if (shortEscape >= 0) {
        out.append('\\').append("\"\\bfnrt".charAt(shortEscape));
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static void checkName(String name) {
    checkArgument(name != null, "safetensors: tensor names must not be null");
    checkArgument(!name.equals(HeaderParser.METADATA), "safetensors: \"__metadata__\" is reserved and cannot name a tensor");
    checkText("tensor name", name);
  }

  /** Rejects text with unpaired surrogates, which UTF-8 cannot encode. */
  private static void checkText(String what, String text) {
    checkArgument(text != null, "safetensors: a %s is null", what);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      checkArgument(!Character.isSurrogate(c), "safetensors: %s %s has an unpaired surrogate at index %s", what, quote(text), i);
    }
  }

  private static String quote(String name) {
    return name == null ? "null" : SafeTensorsException.quote(name);
  }
}
