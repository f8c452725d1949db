package dev.chainrule.nn.io;

/**
 * A position in header text with strict readers for the JSON tokens a safetensors header uses:
 * punctuation, strings with escapes and non-negative integers.
 *
 * <p>Whitespace between tokens is skipped. Every error names the offset and what was found there, and is
 * raised through {@link #fail}, so the caller decides which tensor it belongs to.
 */
final class JsonCursor {
  private final String text;
  private final String source;
  private int pos;

  JsonCursor(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /** Consumes {@code c} or fails saying {@code what} was expected. */
  void expect(char c, String tensor, String what) {
    if (!consume(c)) {
      throw fail(tensor, "expected " + what + " at offset " + pos + "; got " + found());
    }
  }

  /** Consumes {@code c} if it is the next token. */
  boolean consume(char c) {
    skipWhitespace();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  /** Fails unless only whitespace is left. */
  void expectEnd() {
    skipWhitespace();
    if (pos != text.length()) {
      throw fail("", "unexpected content after the header object at offset " + pos + "; got " + found());
    }
  }

  /** A non-negative integer without sign, fraction, exponent or leading zeros, at most 2^63 - 1. */
  long integer(String tensor, String field) {
    skipWhitespace();
    int start = pos;
    long value = 0;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      int digit = text.charAt(pos) - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        throw fail(tensor, field + " holds a number larger than 2^63 - 1 at offset " + start);
      }
      value = value * 10 + digit;
      pos++;
    }
    if (pos == start) {
      throw fail(tensor, field + " must hold non-negative integers; got " + found() + " at offset " + pos);
    }
    if (pos - start > 1 && text.charAt(start) == '0') {
      throw fail(tensor, field + " holds a number with a leading zero at offset " + start);
    }
    if (pos < text.length() && ".eE".indexOf(text.charAt(pos)) >= 0) {
      throw fail(tensor, field + " must hold integers; got a fraction or exponent at offset " + pos);
    }
    return value;
  }

  /** A string, unescaped; raw control characters and lone surrogates are rejected. */
  String string(String tensor, String what) {
    expect('"', tensor, what);
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw fail(tensor, "unterminated string at the end of the header");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      } else if (c == '\\') {
        escape(tensor, out);
      } else if (c < 0x20) {
        throw fail(tensor, String.format("raw control character U+%04X in a string at offset %d", (int) c, pos - 1));
      } else {
        out.append(c);
      }
    }
  }

  private void escape(String tensor, StringBuilder out) {
    int start = pos - 1;
    char c = pos < text.length() ? text.charAt(pos++) : 0;
    String simple = "\"\\/bfnrt";
    String meaning = "\"\\/\b\f\n\r\t";
    if (simple.indexOf(c) >= 0) {
      out.append(meaning.charAt(simple.indexOf(c)));
      return;
    }
    if (c != 'u') {
      throw fail(tensor, "invalid escape in a string at offset " + start);
    }
    char unit = hex(tensor, start);
    if (Character.isLowSurrogate(unit)) {
      throw fail(tensor, "lone low surrogate in a \\u escape at offset " + start);
    }
    out.append(unit);
    if (Character.isHighSurrogate(unit)) {
      if (!text.startsWith("\\u", pos)) {
        throw fail(tensor, "lone high surrogate in a \\u escape at offset " + start);
      }
      pos += 2;
      char low = hex(tensor, pos - 2);
      if (!Character.isLowSurrogate(low)) {
        throw fail(tensor, "high surrogate not followed by a low one at offset " + start);
      }
      out.append(low);
    }
  }

  private char hex(String tensor, int escapeStart) {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = pos < text.length() ? "0123456789abcdefABCDEF".indexOf(text.charAt(pos)) : -1;
      if (digit < 0) {
        throw fail(tensor, "\\u escape needs four hex digits at offset " + escapeStart);
      }
      value = value * 16 + (digit < 16 ? digit : digit - 6);
      pos++;
    }
    return (char) value;
  }

  private void skipWhitespace() {
    while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private String found() {
    if (pos >= text.length()) {
      return "the end of the header";
    }
    char c = text.charAt(pos);
    return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
  }

  /** The exception for a header problem, in {@code tensor} (empty when not in one). */
  SafeTensorsException fail(String tensor, String problem) {
    return SafeTensorsException.of("safetensors", source, tensor, "header: " + problem);
  }
}
