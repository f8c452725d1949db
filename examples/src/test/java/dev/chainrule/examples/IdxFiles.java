package dev.chainrule.examples;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files for the tests: a big-endian header (magic number, dimensions) and then the data. */
final class IdxFiles {
  private IdxFiles() {}

  /** Writes {@code magic}, each of {@code dims} and then {@code data} to {@code file}. */
  static Path write(Path file, int magic, int[] dims, byte[] data) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      writeTo(out, magic, dims, data);
    }
    return file;
  }

  private static void writeTo(OutputStream stream, int magic, int[] dims, byte[] data) throws IOException {
    DataOutputStream out = new DataOutputStream(stream);
    out.writeInt(magic);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    out.flush();
  }

  /** Writes a header followed by {@code dataLength} zero bytes (a sparse file, so large ones are cheap). */
  static Path writeZeros(Path file, int magic, int[] dims, long dataLength) throws IOException {
    write(file, magic, dims, new byte[0]);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() + dataLength);
    }
    return file;
  }

  /** Writes the four MNIST files into {@code directory} with the real headers and lengths, all pixels and labels 0. */
  static Path writeBlankMnist(Path directory) throws IOException {
    for (var entry : MnistCache.FILES.entrySet()) {
      int count = entry.getValue();
      boolean images = entry.getKey().contains("images");
      writeZeros(directory.resolve(entry.getKey()), images ? IdxReader.IMAGES : IdxReader.LABELS,
          images ? new int[] {count, 28, 28} : new int[] {count}, images ? count * 784L : count);
    }
    return directory;
  }

  /** Writes a gzipped IDX file: {@code magic}, each of {@code dims}, then {@code data}. */
  static Path writeGzipped(Path file, int magic, int[] dims, byte[] data) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      writeTo(out, magic, dims, data);
    }
    return file;
  }

  /** Writes the four gzipped Fashion-MNIST files into {@code directory} with the real headers and lengths, all zeros. */
  static Path writeBlankFashionMnist(Path directory) throws IOException {
    for (var entry : FashionMnistCache.FILES.entrySet()) {
      int count = entry.getValue();
      boolean images = entry.getKey().contains("images");
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(directory.resolve(entry.getKey())), 1 << 16)) {
        writeTo(out, images ? IdxReader.IMAGES : IdxReader.LABELS, images ? new int[] {count, 28, 28} : new int[] {count}, new byte[0]);
        byte[] zeros = new byte[images ? 784 : 1];
        for (int i = 0; i < count; i++) {
          out.write(zeros);
        }
      }
    }
    return directory;
  }
}
