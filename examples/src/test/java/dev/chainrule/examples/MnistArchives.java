package dev.chainrule.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes gzipped ustar archives for the tests, like the one {@code npm pack} produces. */
final class MnistArchives {
  private MnistArchives() {}

  /**
   * Writes {@code entries} (archive name → file on disk, or {@code null} for a directory) as a tgz; a
   * name starting with {@code "pax:"} becomes a pax extended header holding that file.
   */
  static Path write(Path tgz, Map<String, Path> entries) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
      for (var entry : entries.entrySet()) {
        String name = entry.getKey();
        Path file = entry.getValue();
        long size = file == null ? 0 : Files.size(file);
        char type = file == null ? '5' : name.startsWith("pax:") ? 'x' : '0';
        out.write(header(name.replace("pax:", ""), size, type));
        if (file != null) {
          Files.copy(file, out);
          out.write(new byte[(int) ((512 - size % 512) % 512)]);
        }
      }
      out.write(new byte[1024]);
    }
    return tgz;
  }

  /** A ustar header block with a correct checksum. */
  static byte[] header(String name, long size, char type) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 124, String.format("%011o", size));
    put(h, 136, "00000000000");
    h[156] = (byte) type;
    put(h, 257, "ustar");
    put(h, 263, "00");
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xFF;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return h;
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
