package dev.chainrule.nn.io;

import dev.chainrule.autodiff.array.NdArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads safetensors bytes, trusting nothing: the length prefix is bounded before anything is allocated,
 * the header must be strict UTF-8 and strict JSON ({@link HeaderParser}), and every entry is checked
 * against the data section ({@link HeaderValidator}) before a single element is read.
 *
 * <p>The header is parsed in place, never copied into one {@code String}, and holds at most
 * {@link HeaderParser#MAX_TENSORS} tensors and {@link HeaderParser#MAX_METADATA} metadata keys, so beyond
 * the file's bytes and the decoded arrays it costs at most 4 × its length + 64 MB of heap.
 */
final class SafeTensorsDecoder {
  /** The largest header accepted, as in the reference implementation. */
  static final long MAX_HEADER_BYTES = 100_000_000;

  private SafeTensorsDecoder() {}

  /** The tensors and metadata in {@code bytes}; {@code source} names the file in errors (empty for bytes). */
  static SafeTensors.Contents decode(byte[] bytes, String source) {
    if (bytes.length < 8) {
      throw fail(source, "the file has " + bytes.length + " bytes; the header length alone needs 8");
    }
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String shown = "header length " + Long.toUnsignedString(headerLength);
    if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
      throw fail(source, shown + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
    }
    if (headerLength < 2) {
      throw fail(source, shown + " is too small for a JSON object");
    }
    if (headerLength > bytes.length - 8) {
      throw fail(source, shown + " exceeds the " + (bytes.length - 8) + " bytes after the length field");
    }
    int dataStart = 8 + (int) headerLength;
    checkUtf8(bytes, (int) headerLength, source);
    Header header = HeaderParser.parse(bytes, 8, dataStart, source);
    List<HeaderValidator.Location> locations = HeaderValidator.validate(header, bytes.length - dataStart, source);
    Map<String, NdArray> tensors = new LinkedHashMap<>();
    for (HeaderValidator.Location location : locations) {
      ByteBuffer data = ByteBuffer.wrap(bytes, dataStart + (int) location.begin(), (int) (location.end() - location.begin()))
          .slice()
          .order(ByteOrder.LITTLE_ENDIAN);
      location.type().inexact(data, location.shape().size()).ifPresent(problem -> {
        throw SafeTensorsException.of("safetensors", source, location.name(), problem);
      });
      tensors.put(location.name(), location.type().read(data, location.shape()));
    }
    return new SafeTensors.Contents(tensors, header.metadata());
  }

  /** Fails unless the header is strict UTF-8, decoding it through a small buffer rather than copying it. */
  private static void checkUtf8(byte[] bytes, int headerLength, String source) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, 8, headerLength);
    CharBuffer out = CharBuffer.allocate(8192);
    CoderResult result;
    do {
      out.clear();
      result = decoder.decode(in, out, true);
    } while (result.isOverflow());
    if (result.isError() || decoder.flush(out.clear()).isError()) {
      throw fail(source, "the header is not valid UTF-8");
    }
  }

  private static SafeTensorsException fail(String source, String problem) {
    return SafeTensorsException.of("safetensors", source, "", problem);
  }
}
