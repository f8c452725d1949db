package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written by the tests themselves: valid ones are read back, damaged ones rejected with a clear message. */
class IdxReaderTest {
  @TempDir Path dir;

  @Test
  void imagesAreReadAsFloat32PixelsScaledToTheUnitInterval() throws IOException {
    Path file = IdxFiles.write(dir.resolve("images"), 2051, new int[] {2, 2, 3},
        new byte[] {0, (byte) 255, (byte) 51, 1, 2, 3, 4, 5, 6, 7, 8, (byte) 128});
    NdArray images = IdxReader.images(file);
    assertEquals(Shape.of(2, 2, 3), images.shape());
    assertEquals(DType.FLOAT32, images.dtype());
    assertEquals(0.0, images.get(0, 0, 0));
    assertEquals(1.0, images.get(0, 0, 1));
    assertEquals(0.2, images.get(0, 0, 2), 1e-7);
    assertEquals(128 / 255.0, images.get(1, 1, 2), 1e-7);
  }

  @Test
  void labelsAreReadAsUnsignedWholeNumbers() throws IOException {
    Path file = IdxFiles.write(dir.resolve("labels"), 2049, new int[] {4}, new byte[] {7, 0, 9, (byte) 200});
    NdArray labels = IdxReader.labels(file);
    assertEquals(DType.FLOAT32, labels.dtype());
    assertArrayEquals(new double[] {7, 0, 9, 200}, labels.toDoubleArray());
  }

  @Test
  void anEmptyFileIsTooShortForAHeader() throws IOException {
    Path file = Files.write(dir.resolve("empty"), new byte[3]);
    assertMessage(() -> IdxReader.labels(file), "idx: empty: too short for an IDX header", "got 3");
  }

  @Test
  void aLabelFileReadAsImagesNamesBothMagicNumbers() throws IOException {
    Path file = IdxFiles.write(dir.resolve("labels"), 2049, new int[] {1}, new byte[] {3});
    assertMessage(() -> IdxReader.images(file), "expected magic number 2051 (images); got 2049 (labels)");
  }

  @Test
  void aLittleEndianHeaderIsReportedAsByteSwapped() throws IOException {
    Path file = IdxFiles.write(dir.resolve("swapped"), Integer.reverseBytes(2049), new int[] {1}, new byte[] {3});
    assertMessage(() -> IdxReader.labels(file), "0x01080000", "byte-swapped? IDX is big-endian");
  }

  @Test
  void aFileOfAnotherTypeIsNotMistakenForBytes() throws IOException {
    Path file = IdxFiles.write(dir.resolve("floats"), 0x0D03, new int[] {1, 1, 1}, new byte[4]);
    assertMessage(() -> IdxReader.images(file), "got 3331 (0x00000d03, not an IDX file of unsigned bytes)");
  }

  @Test
  void aHeaderCutShortIsTruncated() throws IOException {
    Path file = IdxFiles.write(dir.resolve("short"), 2051, new int[] {1}, new byte[0]);
    assertMessage(() -> IdxReader.images(file), "truncated in the header; got 8 bytes");
  }

  @Test
  void zeroRowsAreRejected() throws IOException {
    Path file = IdxFiles.write(dir.resolve("flat"), 2051, new int[] {1, 0, 3}, new byte[0]);
    assertMessage(() -> IdxReader.images(file), "dimensions must be positive; got count 1, rows 0, cols 3");
  }

  @Test
  void missingPixelsAreReportedAsTruncationWithTheAnnouncedSize() throws IOException {
    Path file = IdxFiles.write(dir.resolve("cut"), 2051, new int[] {2, 2, 3}, new byte[5]);
    assertMessage(() -> IdxReader.images(file),
        "idx: cut: truncated: the header announces 2 images of 2x3 (12 bytes) but 5 bytes follow it");
  }

  @Test
  void extraBytesAfterTheLabelsAreRejected() throws IOException {
    Path file = IdxFiles.write(dir.resolve("padded"), 2049, new int[] {2}, new byte[3]);
    assertMessage(() -> IdxReader.labels(file), "1 extra bytes after the data: the header announces 2 labels (2 bytes)");
  }

  @Test
  void aHugeAnnouncedCountFailsBeforeAnythingIsAllocated() throws IOException {
    Path file = IdxFiles.write(dir.resolve("huge"), 2051, new int[] {Integer.MAX_VALUE, 28, 28}, new byte[10]);
    assertMessage(() -> IdxReader.images(file), "too large to load");
  }

  @Test
  void aGzippedFileIsReadAsItsUncompressedContents() throws IOException {
    byte[] pixels = {0, (byte) 255, 51, 102, (byte) 153, (byte) 204};
    Path plain = IdxFiles.write(dir.resolve("images"), 2051, new int[] {2, 1, 3}, pixels);
    Path gzipped = IdxFiles.writeGzipped(dir.resolve("images.gz"), 2051, new int[] {2, 1, 3}, pixels);
    assertEquals(IdxReader.images(plain), IdxReader.images(gzipped));
    assertEquals(new IdxReader.Header(2051, 2, 1, 3), IdxReader.header(gzipped, IdxReader.IMAGES));
  }

  @Test
  void aGzippedFileWithMissingLabelsIsTruncated() throws IOException {
    Path file = IdxFiles.writeGzipped(dir.resolve("labels.gz"), 2049, new int[] {5}, new byte[] {1, 2});
    assertMessage(() -> IdxReader.labels(file), "labels.gz", "truncated", "5 labels (5 bytes)", "2 bytes follow it");
  }

  @Test
  void aFileNamedGzThatIsNotGzippedIsRefused() throws IOException {
    Path file = IdxFiles.write(dir.resolve("raw.gz"), 2049, new int[] {20}, new byte[20]);
    assertMessage(() -> IdxReader.labels(file), "idx: raw.gz: not a gzip file; expected it to start with 1f 8b; got 0000");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable read, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, read);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }
  }
}
