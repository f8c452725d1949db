package dev.chainrule.nn.io;

import java.nio.charset.StandardCharsets;

/**
 * A position in header bytes (already checked to be UTF-8) with strict readers for the JSON tokens a
 * safetensors header uses: punctuation, strings with escapes and non-negative integers.
 *
 * <p>It reads the bytes in place, so the header is never copied into a {@code String}: only the names,
 * dtypes and metadata it returns are allocated. Whitespace between tokens is skipped. Every error names
 * the byte offset in the header and what was found there, and is raised through {@link #fail}, so the
 * caller decides which tensor it belongs to.
 */
final class JsonCursor {
  private final byte[] bytes;
  private final int start;
  private final int end;
  private final String source;
  private int pos;

  /** A cursor over {@code bytes[start, end)}, valid UTF-8; {@code source} names the file in errors. */
  JsonCursor(byte[] bytes, int start, int end, String source) {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    this.source = source;
    this.pos = start;
  }

  /** Consumes {@code c} or fails saying {@code what} was expected. */
  void expect(char c, String tensor, String what) {
    if (!consume(c)) {
      throw fail(tensor, "expected " + what + " at offset " + offset() + "; got " + found());
    }
  }

  /** Consumes {@code c} if it is the next token. */
  boolean consume(char c) {
    skipWhitespace();
    if (pos < end && bytes[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  /** Fails unless only whitespace is left. */
  void expectEnd() {
    skipWhitespace();
    if (pos != end) {
      throw fail("", "unexpected content after the header object at offset " + offset() + "; got " + found());
    }
  }

  /** A non-negative integer without sign, fraction, exponent or leading zeros, at most 2^63 - 1. */
  long integer(String tensor, String field) {
    skipWhitespace();
    int first = pos;
    long value = 0;
    while (pos < end && bytes[pos] >= '0' && bytes[pos] <= '9') {
      int digit = bytes[pos] - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        throw fail(tensor, field + " holds a number larger than 2^63 - 1 at offset " + (first - start));
      }
      value = value * 10 + digit;
      pos++;
    }
    if (pos == first) {
      throw fail(tensor, field + " must hold non-negative integers; got " + found() + " at offset " + offset());
    }
    if (pos - first > 1 && bytes[first] == '0') {
      throw fail(tensor, field + " holds a number with a leading zero at offset " + (first - start));
    }
    if (pos < end && (bytes[pos] == '.' || bytes[pos] == 'e' || bytes[pos] == 'E')) {
      throw fail(tensor, field + " must hold integers; got a fraction or exponent at offset " + offset());
    }
    return value;
  }

  /** A string, unescaped; raw control characters and lone surrogates are rejected. */
  String string(String tensor, String what) {
    expect('"', tensor, what);
    StringBuilder out = null;
    int run = pos;
    while (true) {
      if (pos >= end) {
        throw fail(tensor, "unterminated string at the end of the header");
      }
      byte b = bytes[pos++];
      if (b == '"' || b == '\\') {
        // runs end only at ASCII bytes, so each is whole UTF-8
        String text = new String(bytes, run, pos - 1 - run, StandardCharsets.UTF_8);
        if (b == '"') {
          return out == null ? text : out.append(text).toString();
        }
        if (out == null) {
          // sized once to the bytes left before the closing quote, which bound the characters
          out = new StringBuilder(closingQuote() - run);
        }
        out.append(text);
        escape(tensor, out);
        run = pos;
      } else if (b >= 0 && b < 0x20) {
        throw fail(tensor, String.format("raw control character U+%04X in a string at offset %d", (int) b, pos - 1 - start));
      }
    }
  }

  /** Where the current string's closing quote is, or the end of the header; escaped characters are skipped. */
  private int closingQuote() {
    int at = pos - 1;
    while (at < end && bytes[at] != '"') {
      at += bytes[at] == '\\' ? 2 : 1;
    }
    return Math.min(at, end);
  }

  private void escape(String tensor, StringBuilder out) {
    int escapeStart = pos - 1 - start;
    char c = pos < end ? (char) bytes[pos++] : 0;
    String simple = "\"\\/bfnrt";
    String meaning = "\"\\/\b\f\n\r\t";
    if (simple.indexOf(c) >= 0) {
      out.append(meaning.charAt(simple.indexOf(c)));
      return;
    }
    if (c != 'u') {
      throw fail(tensor, "invalid escape in a string at offset " + escapeStart);
    }
    char unit = hex(tensor, escapeStart);
    if (Character.isLowSurrogate(unit)) {
      throw fail(tensor, "lone low surrogate in a \\u escape at offset " + escapeStart);
    }
    out.append(unit);
    if (Character.isHighSurrogate(unit)) {
      if (end - pos < 2 || bytes[pos] != '\\' || bytes[pos + 1] != 'u') {
        throw fail(tensor, "lone high surrogate in a \\u escape at offset " + escapeStart);
      }
      pos += 2;
      char low = hex(tensor, pos - 2 - start);
      if (!Character.isLowSurrogate(low)) {
        throw fail(tensor, "high surrogate not followed by a low one at offset " + escapeStart);
      }
      out.append(low);
    }
  }

  private char hex(String tensor, int escapeStart) {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = pos < end ? "0123456789abcdefABCDEF".indexOf(bytes[pos]) : -1;
      if (digit < 0) {
        throw fail(tensor, "\\u escape needs four hex digits at offset " + escapeStart);
      }
      value = value * 16 + (digit < 16 ? digit : digit - 6);
      pos++;
    }
    return (char) value;
  }

  private void skipWhitespace() {
    while (pos < end && (bytes[pos] == ' ' || bytes[pos] == '\t' || bytes[pos] == '\n' || bytes[pos] == '\r')) {
      pos++;
    }
  }

  private int offset() {
    return pos - start;
  }

  /** The character at the position: printable ASCII quoted, anything else as its code point. */
  private String found() {
    if (pos >= end) {
      return "the end of the header";
    }
    int b = bytes[pos] & 0xff;
    if (b >= 0x20 && b <= 0x7e) {
      return "'" + (char) b + "'";
    }
    int length = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    int codePoint = new String(bytes, pos, Math.min(length, end - pos), StandardCharsets.UTF_8).codePointAt(0);
    return String.format("U+%04X", codePoint);
  }

  /** The exception for a header problem, in {@code tensor} (empty when not in one). */
  SafeTensorsException fail(String tensor, String problem) {
    return SafeTensorsException.of("safetensors", source, tensor, "header: " + problem);
  }
}
