package dev.chainrule.examples;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes IDX files for the tests: a big-endian header (magic number, dimensions) and then the data. */
final class IdxFiles {
  private IdxFiles() {}

  /** Writes {@code magic}, each of {@code dims} and then {@code data} to {@code file}. */
  static Path write(Path file, int magic, int[] dims, byte[] data) throws IOException {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(data);
    }
    return file;
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
}
