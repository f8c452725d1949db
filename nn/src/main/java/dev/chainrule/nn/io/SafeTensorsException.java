package dev.chainrule.nn.io;

/**
 * A safetensors file (or byte array) that cannot be read: malformed, hostile, of an unsupported dtype, or
 * not matching the model it is loaded into.
 *
 * <p>The message names the file when known, the tensor when the problem is in one, and what is wrong,
 * e.g. {@code safetensors: model.safetensors: tensor "0.weight": data_offsets [0, 12] hold 12 bytes but
 * F32 [2, 3] needs 24}.
 */
public final class SafeTensorsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_SHOWN_NAME = 120;

  /**
   * An exception with exactly this message.
   *
   * @param message the detail message, naming the file, tensor and problem
   */
  public SafeTensorsException(String message) {
    super(message);
  }

  /**
   * The exception for {@code problem} in {@code source}, inside {@code tensor}.
   *
   * @param op the operation, {@code safetensors} or {@code checkpoint}
   * @param source the file name, or empty when decoding bytes
   * @param tensor the tensor name, or empty when the problem is not in one tensor
   */
  static SafeTensorsException of(String op, String source, String tensor, String problem) {
    StringBuilder message = new StringBuilder(op).append(": ");
    if (!source.isEmpty()) {
      message.append(source).append(": ");
    }
    if (!tensor.isEmpty()) {
      message.append("tensor ").append(quote(tensor)).append(": ");
    }
    return new SafeTensorsException(message.append(problem).toString());
  }

  /** A name in double quotes with control characters escaped, shortened if a hostile file made it huge. */
  static String quote(String name) {
    StringBuilder out = new StringBuilder("\"");
    int shown = Math.min(name.length(), MAX_SHOWN_NAME);
    for (int i = 0; i < shown; i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (shown < name.length()) {
      out.append("…(").append(name.length()).append(" chars)");
    }
    return out.append('"').toString();
  }
}
