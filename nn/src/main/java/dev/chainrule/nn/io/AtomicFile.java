package dev.chainrule.nn.io;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file's contents all at once: readers, and the file after a crash, see either the old bytes
 * or the new ones, never a mix or a truncation.
 *
 * <p>The bytes go to a temporary file in the target's directory (so the final rename stays on one file
 * system), which is forced to disk and then moved over the target with {@code ATOMIC_MOVE}. On any
 * failure the temporary file is deleted and the target is untouched. The directory is then forced too,
 * where the platform allows, so the rename itself survives a power loss.
 */
final class AtomicFile {
  /** Bytes handed to the channel per write call. */
  static final int CHUNK_BYTES = 1 << 20;

  private AtomicFile() {}

  /** Called after each chunk reaches the temporary file; lets tests inject a failure mid-write. */
  @FunctionalInterface
  interface Progress {
    void wrote(long bytesSoFar) throws IOException;
  }

  /** Atomically replaces (or creates) {@code target} with {@code content}. */
  static void write(Path target, byte[] content) {
    write(target, content, bytesSoFar -> {});
  }

  /** As {@link #write(Path, byte[])}, reporting each chunk to {@code progress}. */
  static void write(Path target, byte[] content, Progress progress) {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    checkArgument(directory != null, "safetensors: cannot write to %s, which has no parent directory", target);
    Path temporary = directory.resolve(
        "." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    FileChannel channel = open(temporary, target);
    try {
      try (channel) {
        writeAll(channel, content, progress);
        channel.force(true);
      }
      Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteAfterFailure(temporary, e);
      throw failed(target, e);
    } catch (RuntimeException | Error e) {
      deleteAfterFailure(temporary, e);
      throw e;
    }
    forceDirectory(directory);
  }

  private static void writeAll(FileChannel channel, byte[] content, Progress progress) throws IOException {
    for (int offset = 0; offset < content.length; offset += CHUNK_BYTES) {
      ByteBuffer chunk = ByteBuffer.wrap(content, offset, Math.min(CHUNK_BYTES, content.length - offset));
      while (chunk.hasRemaining()) {
        channel.write(chunk);
      }
      progress.wrote(chunk.position());
    }
  }

  private static FileChannel open(Path temporary, Path target) {
    try {
      return FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw failed(target, e);
    }
  }

  private static UncheckedIOException failed(Path target, IOException cause) {
    return new UncheckedIOException("safetensors: could not write " + target + ": " + cause, cause);
  }

  private static void deleteAfterFailure(Path temporary, Throwable failure) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some platforms (Windows) cannot open a directory; the file itself is already on disk
    }
  }
}
