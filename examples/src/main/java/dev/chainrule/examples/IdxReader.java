package dev.chainrule.examples;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files of unsigned bytes, the format of the MNIST digits (LeCun, Cortes &amp; Burges, "The
 * MNIST database of handwritten digits").
 *
 * <p>A file starts with big-endian 32-bit integers: the magic number ({@code 0x0000 08 nn}: unsigned
 * bytes, {@code nn} dimensions, so 2051 for images {@code [count, rows, cols]} and 2049 for labels
 * {@code [count]}), then each dimension. The elements follow, one unsigned byte each, row-major, and the
 * file ends there. Everything is checked against the file's length before the data is read, so a wrong,
 * truncated or padded file fails with an {@code IllegalArgumentException} naming the file and what is
 * wrong, e.g. {@code idx: t10k-images-idx3-ubyte: truncated: the header announces 10000 images of 28x28
 * (7840000 bytes) but 1000 bytes follow it}.
 *
 * <p>A file whose name ends in {@code .gz} is gzipped IDX (as Fashion-MNIST is distributed) and is read
 * through {@link GZIPInputStream}; its length is then the uncompressed size in its gzip trailer.
 */
final class IdxReader {
  /** Magic number of an image file: unsigned bytes, three dimensions. */
  static final int IMAGES = 0x0803;
  /** Magic number of a label file: unsigned bytes, one dimension. */
  static final int LABELS = 0x0801;

  private IdxReader() {}

  /**
   * The header of a valid IDX file.
   *
   * @param magic {@link #IMAGES} or {@link #LABELS}
   * @param count number of images or labels
   * @param rows image height (1 for labels)
   * @param cols image width (1 for labels)
   */
  record Header(int magic, int count, int rows, int cols) {
    /** Bytes before the data: 4 for the magic number and 4 per dimension. */
    int length() {
      return magic == IMAGES ? 16 : 8;
    }

    /** Bytes of data the header announces. */
    long dataLength() {
      return (long) count * rows * cols;
    }
  }

  /** The images of an image file as float32 {@code [count, rows, cols]}, each pixel scaled to [0, 1]. */
  static NdArray images(Path file) {
    Header header = header(file, IMAGES);
    float[] pixels = new float[(int) header.dataLength()];
    byte[] bytes = data(file, header);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (bytes[i] & 0xFF) / 255f;
    }
    return NdArray.ofFloats(Shape.of(header.count(), header.rows(), header.cols()), pixels);
  }

  /** The labels of a label file as float32 {@code [count]}, whole numbers 0 to 255. */
  static NdArray labels(Path file) {
    Header header = header(file, LABELS);
    byte[] bytes = data(file, header);
    float[] labels = new float[bytes.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = bytes[i] & 0xFF;
    }
    return NdArray.ofFloats(Shape.of(labels.length), labels);
  }

  /** Reads and validates the header of {@code file}, which must have magic number {@code expected}. */
  static Header header(Path file, int expected) {
    String name = file.getFileName().toString();
    long size = size(file);
    checkArgument(size >= 8, "idx: %s: too short for an IDX header; expected at least 8 bytes; got %s", name, size);
    try (DataInputStream in = new DataInputStream(open(file))) {
      int magic = in.readInt();
      checkArgument(magic == expected, "idx: %s: expected magic number %s (%s); got %s", name, expected, kind(expected), describe(magic));
      int dimensions = magic & 0xFF;
      checkArgument(size >= 4 + 4L * dimensions, "idx: %s: truncated in the header; got %s bytes", name, size);
      int count = in.readInt();
      int rows = dimensions == 3 ? in.readInt() : 1;
      int cols = dimensions == 3 ? in.readInt() : 1;
      checkArgument(count >= 0 && rows > 0 && cols > 0,
          "idx: %s: dimensions must be positive; got count %s, rows %s, cols %s", name, count, rows, cols);
      Header header = new Header(magic, count, rows, cols);
      checkLength(name, header, size - header.length());
      return header;
    } catch (IOException e) {
      throw new UncheckedIOException("idx: cannot read " + file, e);
    }
  }

  private static void checkLength(String name, Header header, long actual) {
    String announced = header.magic() == IMAGES
        ? String.format("%s images of %sx%s (%s bytes)", header.count(), header.rows(), header.cols(), header.dataLength())
        : String.format("%s labels (%s bytes)", header.count(), header.dataLength());
    checkArgument(header.dataLength() <= Integer.MAX_VALUE - 8, "idx: %s: too large to load; the header announces %s", name, announced);
    checkArgument(actual >= header.dataLength(),
        "idx: %s: truncated: the header announces %s but %s bytes follow it", name, announced, actual);
    checkArgument(actual == header.dataLength(),
        "idx: %s: %s extra bytes after the data: the header announces %s", name, actual - header.dataLength(), announced);
  }

  private static byte[] data(Path file, Header header) {
    byte[] data;
    try (InputStream in = open(file)) {
      in.skipNBytes(header.length());
      data = in.readNBytes((int) header.dataLength());
    } catch (IOException e) {
      throw new UncheckedIOException("idx: cannot read " + file, e);
    }
    checkArgument(data.length == header.dataLength(),
        "idx: %s: truncated: expected %s bytes of data; got %s", file.getFileName(), header.dataLength(), data.length);
    return data;
  }

  /** The file's bytes, decompressed when it is gzipped. */
  private static InputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (!gzipped(file)) {
      return in;
    }
    try {
      return new GZIPInputStream(in, 1 << 16);
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  private static boolean gzipped(Path file) {
    return file.getFileName().toString().endsWith(".gz");
  }

  /** The file's length, or for a gzipped file the uncompressed length its trailer records (ISIZE, RFC 1952). */
  private static long size(Path file) {
    try {
      if (!gzipped(file)) {
        return Files.size(file);
      }
      try (RandomAccessFile gz = new RandomAccessFile(file.toFile(), "r")) {
        checkArgument(gz.length() >= 18, "idx: %s: too short for a gzip file; got %s bytes", file.getFileName(), gz.length());
        int magic = gz.readUnsignedShort();
        checkArgument(magic == 0x1f8b, "idx: %s: not a gzip file; expected it to start with 1f 8b; got %s", file.getFileName(), String.format("%04x", magic));
        gz.seek(gz.length() - 4);
        return Integer.toUnsignedLong(Integer.reverseBytes(gz.readInt()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("idx: cannot read " + file, e);
    }
  }

  private static String kind(int magic) {
    return magic == IMAGES ? "images" : magic == LABELS ? "labels" : "unknown";
  }

  /** E.g. {@code 2049 (labels)}, or {@code 50855936 (0x03080000: byte-swapped? IDX is big-endian)}. */
  private static String describe(int magic) {
    if (magic == IMAGES || magic == LABELS) {
      return magic + " (" + kind(magic) + ")";
    }
    boolean swapped = Integer.reverseBytes(magic) == IMAGES || Integer.reverseBytes(magic) == LABELS;
    return String.format("%s (0x%08x%s)", magic, magic, swapped ? ": byte-swapped? IDX is big-endian" : ", not an IDX file of unsigned bytes");
  }
}
