package dev.chainrule.nn.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions that hostile bytes end in a clean {@link SafeTensorsException} and nothing else. */
final class Rejections {
  private Rejections() {}

  /** Asserts that decoding fails with a {@code SafeTensorsException} whose message contains {@code fragment}. */
  static SafeTensorsException assertRejected(byte[] file, String fragment) {
    SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.decode(file));
    assertTrue(e.getMessage().startsWith("safetensors: ") && e.getMessage().contains(fragment), e.getMessage());
    return e;
  }

  /** Decodes, accepting a {@code SafeTensorsException}; any other throwable fails the test. */
  static void decodeOrReject(byte[] file) {
    try {
      SafeTensors.decode(file);
    } catch (SafeTensorsException e) {
      assertTrue(e.getMessage().startsWith("safetensors: "), e.getMessage());
    }
  }
}
