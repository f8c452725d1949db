package dev.chainrule.nn.io;

import static dev.chainrule.nn.io.Rejections.assertRejected;
import static dev.chainrule.nn.io.Rejections.decodeOrReject;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Headers that are not the JSON the format allows: each is rejected with a message saying why. */
class HostileHeaderTest {
  /** A valid entry over the 4-byte data section every case gets. */
  private static final String ENTRY = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";

  private static final String DEEP = "[".repeat(1_000_000);

  static Stream<Arguments> hostileHeaders() {
    return Stream.of(
        row("[]", "expected the header object at offset 0; got '['"),
        row("null", "expected the header object at offset 0; got 'n'"),
        row("\"w\"", "expected the header object"),
        row("{ ", "expected a tensor name at offset 2; got the end of the header"),
        row("{\"w\":" + DEEP, "tensor \"w\": header: expected an object with dtype, shape and data_offsets"),
        row("{\"w\":{\"dtype\":" + DEEP, "tensor \"w\": header: expected a string for dtype"),
        row("{\"w\":{\"shape\":" + DEEP, "shape must hold non-negative integers; got '['"),
        row("{\"w\":{\"data_offsets\":[0," + DEEP, "data_offsets must hold non-negative integers"),
        row("{\"__metadata__\":" + "{\"a\":".repeat(200_000), "a string value for metadata key \"a\""),
        row("{" + "\"w\":{".repeat(200_000), "unknown field \"w\""),
        row("{\"w\":{\"shape\":[99999999999999999999]}}", "shape holds a number larger than 2^63 - 1"),
        row("{\"w\":{\"data_offsets\":[0,18446744073709551616]}}", "data_offsets holds a number larger than 2^63 - 1"),
        row(entry("F32", "[2147483648]", "[0,4]"), "shape [2147483648] is too large"),
        row(entry("F32", "[65536,65536]", "[0,4]"), "shape [65536, 65536] is too large"),
        row(entry("F32", "[0,4294967296]", "[0,0]"), "is too large"),
        row(entry("F32", "[" + "1,".repeat(64) + "1]", "[0,4]"), "shape has more than 64 entries"),
        row(entry("F32", "[-1]", "[0,4]"), "shape must hold non-negative integers; got '-'"),
        row(entry("F32", "[+1]", "[0,4]"), "got '+'"),
        row(entry("F32", "[1.0]", "[0,4]"), "shape must hold integers; got a fraction or exponent"),
        row(entry("F32", "[1e0]", "[0,4]"), "fraction or exponent"),
        row(entry("F32", "[01]", "[0,4]"), "leading zero"),
        row(entry("F32", "[1,]", "[0,4]"), "shape must hold non-negative integers; got ']'"),
        row(entry("F32", "\"[1]\"", "[0,4]"), "expected an array of integers for shape"),
        row(entry("F32", "{}", "[0,4]"), "expected an array of integers for shape"),
        row(entry("F32", "[1]", "[0]"), "data_offsets must be [begin, end]; got [0]"),
        row(entry("F32", "[1]", "[0,4,8]"), "data_offsets has more than 2 entries"),
        row("{\"w\":{\"dtype\":1,\"shape\":[1],\"data_offsets\":[0,4]}}", "expected a string for dtype"),
        row("{\"w\":{\"dtype\":null}}", "expected a string for dtype"),
        row("{\"w\":true}", "expected an object with dtype"),
        row(entry("U8", "[1]", "[0,1]"), "tensor \"w\": dtype \"U8\" is not supported; this reader takes F32, F64, F16, BF16, I64 and I32"),
        row(entry("f32", "[1]", "[0,4]"), "dtype \"f32\" is not supported"),
        row("{\"__metadata__\":[]}", "expected an object of strings for \"__metadata__\""),
        row("{\"__metadata__\":{\"a\":1}}", "a string value for metadata key \"a\""),
        row("{\"__metadata__\":{\"a\":\"b\",\"a\":\"c\"}}", "metadata key \"a\" appears twice"),
        row("{\"__metadata__\":{},\"__metadata__\":{}}", "tensor \"__metadata__\": header: the name appears twice"),
        row("{\"w\":" + ENTRY + ",\"w\":" + ENTRY + "}", "tensor \"w\": header: the name appears twice"),
        row("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\"}}", "field \"dtype\" appears twice"),
        row("{\"w\":{}}", "tensor \"w\": header: the entry has no dtype"),
        row("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", "the entry has no shape"),
        row("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", "the entry has no data_offsets"),
        row("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", "unknown field \"extra\""),
        row("{\"w\"", "expected ':'"),
        row("{\"w\" " + ENTRY + "}", "expected ':' at offset 5; got '{'"),
        row("{\"w\":" + ENTRY + " \"v\":" + ENTRY + "}", "expected ',' or '}' after an entry"),
        row("{\"w\":" + ENTRY + ",}", "expected a tensor name"),
        row("{\"w\":" + ENTRY + "} x", "unexpected content after the header object at offset"),
        row("{}{}", "unexpected content after the header object at offset 2; got '{'"),
        row("{\"w", "unterminated string"),
        row("{\"w\\x\":" + ENTRY + "}", "invalid escape"),
        row("{\"w\\", "invalid escape"),
        row("{\"w\\u12\":" + ENTRY + "}", "\\u escape needs four hex digits"),
        row("{\"w\\u12g4\":" + ENTRY + "}", "\\u escape needs four hex digits"),
        row("{\"w\\ud800\":" + ENTRY + "}", "lone high surrogate"),
        row("{\"w\\udc00\":" + ENTRY + "}", "lone low surrogate"),
        row("{\"w\\ud800\\u0041\":" + ENTRY + "}", "high surrogate not followed by a low one"),
        row("{\"w\u0001\":" + ENTRY + "}", "raw control character U+0001"),
        row("{\"w\":" + ENTRY + "}\u0000", "unexpected content after the header object"),
        row("\u00a0{}", "expected the header object at offset 0; got U+00A0"));
  }

  @ParameterizedTest
  @MethodSource("hostileHeaders")
  void hostileHeaderIsRejectedWithAClearMessage(String header, String fragment) {
    assertRejected(HandBuilt.file(header, new byte[4]), fragment);
  }

  @Example
  void headerThatIsNotUtf8IsRejected() {
    byte[] data = new byte[4];
    for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0x80}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})) {
      byte[] header = HandBuilt.concat("{\"w".getBytes(StandardCharsets.UTF_8), bad, ("\":" + ENTRY + "}").getBytes(StandardCharsets.UTF_8));
      assertRejected(HandBuilt.withLength(header.length, header, data), "the header is not valid UTF-8");
    }
  }

  @Property(tries = 500)
  void tokenSoupIsRejectedOrDecodedButNeverThrowsAnythingElse(
      @ForAll("tokenSoup") String header, @ForAll @Size(max = 24) byte[] data) {
    decodeOrReject(HandBuilt.file(header, data));
  }

  @Property(tries = 500)
  void mutatedValidHeadersAreRejectedOrDecodedButNeverThrowAnythingElse(
      @ForAll("validFiles") byte[] file, @ForAll("edits") List<Edit> edits) {
    String header = HandBuilt.header(file);
    for (Edit edit : edits) {
      header = edit.applyTo(header);
    }
    byte[] data = Arrays.copyOfRange(file, HandBuilt.dataStart(file), file.length);
    decodeOrReject(HandBuilt.file(header, data));
  }

  /** Replaces {@code length} characters at a relative position with a token. */
  record Edit(double where, int length, String token) {
    String applyTo(String text) {
      int at = (int) (where * text.length());
      return text.substring(0, at) + token + text.substring(Math.min(text.length(), at + length));
    }
  }

  private static final List<String> TOKENS = List.of(
      "{", "}", "[", "]", ":", ",", "\"", "\\", "\\u", "\\ud800", "d83d", " ", "\n", "\t", "\u0001", "é", "😀",
      "0", "1", "4", "8", "24", "-1", "1.5", "1e9", "9999999999999999999999", "2147483648", "null", "true",
      "\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"w\"", "\"F32\"", "\"F64\"", "\"F16\"",
      "\"BF16\"", "\"I64\"", "[0,4]", "[1]", "[]", "{}", "\"\"");

  @Provide
  Arbitrary<String> tokenSoup() {
    Arbitrary<String> token = Arbitraries.of(TOKENS);
    return token.list().ofMaxSize(40).map(tokens -> "{" + String.join("", tokens));
  }

  @Provide
  Arbitrary<List<Edit>> edits() {
    Arbitrary<Edit> edit = Combinators.combine(
            Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 3), Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.just("")))
        .as(Edit::new);
    return edit.list().ofMinSize(1).ofMaxSize(3);
  }

  @Provide
  Arbitrary<byte[]> validFiles() {
    return SafeTensorsArbitraries.validFiles();
  }

  private static Arguments row(String header, String fragment) {
    return Arguments.of(header, fragment);
  }

  private static String entry(String dtype, String shape, String offsets) {
    return "{\"w\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}}";
  }
}
