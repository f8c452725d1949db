package dev.chainrule.nn.io;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Replaces a file's contents all at once: readers, and the file after a crash, see either the old bytes
 * or the new ones, never a mix or a truncation.
 *
 * <p>The bytes go to a temporary file {@code .<name>.<16 hex digits>.tmp} in the target's directory (so
 * the final rename stays on one file system), which is forced to disk and then moved over the target with
 * {@code ATOMIC_MOVE}. On any failure the temporary file is deleted and the target is untouched. The
 * directory is then forced too, where the platform allows, so the rename itself survives a power loss.
 *
 * <p>Three further rules:
 *
 * <ul>
 *   <li><b>Stale temporaries.</b> A process killed mid-save cannot delete its temporary file. Each save
 *       first deletes, in the target's directory, the files named exactly like this class's temporaries
 *       for the same target ({@code .<name>.<1 to 16 lowercase hex digits>.tmp}) and nothing else. A
 *       writer holds an exclusive lock on its temporary file until the rename, and a temporary whose lock
 *       another live process holds is left alone, so a concurrent save from another process is not
 *       sabotaged (the lock dies with a killed process). Concurrent saves to one target still race: the
 *       last rename wins.
 *   <li><b>File mode.</b> When the target exists and the file system has POSIX attributes, the new file
 *       gets the target's permission bits (a 0600 checkpoint stays 0600). Owner and group are not copied
 *       (that needs privileges); the new file belongs to the writing user, as any newly created file does.
 *       A new target gets the default mode of a newly created file (0666 less the umask).
 *   <li><b>Symbolic links.</b> When the target is a symbolic link (possibly to another link), the write
 *       goes through to the file the chain ends at: that file is replaced atomically, in its own directory,
 *       and the link is kept. A dangling link creates the file it points to, as a shell's {@code >} does.
 *       A chain longer than 40 links (or a loop) fails.
 * </ul>
 */
public final class AtomicFile {
  /** Bytes handed to the channel per write call. */
  static final int CHUNK_BYTES = 1 << 20;

  /** Links followed before giving up, as Linux's {@code MAXSYMLINKS}. */
  static final int MAX_LINKS = 40;

  private AtomicFile() {}

  /** Called after each chunk reaches the temporary file; lets tests inject a failure mid-write. */
  @FunctionalInterface
  interface Progress {
    void wrote(long bytesSoFar) throws IOException;
  }

  /**
   * Atomically replaces (or creates) {@code target} with {@code content}; its directory must exist.
   *
   * @param target the file to replace or create
   * @param content its new bytes
   * @throws UncheckedIOException if the file system fails; {@code target} then keeps its old contents
   */
  public static void write(Path target, byte[] content) {
    write(target, content, bytesSoFar -> {});
  }

  /** As {@link #write(Path, byte[])}, reporting each chunk to {@code progress}. */
  static void write(Path target, byte[] content, Progress progress) {
    Path absolute = resolveLinks(target);
    Path directory = absolute.getParent();
    checkArgument(directory != null, "atomic file: cannot write to %s, which has no parent directory", target);
    String name = absolute.getFileName().toString();
    deleteStaleTemporaries(directory, name);
    Path temporary = directory.resolve(temporaryName(name, ThreadLocalRandom.current().nextLong()));
    FileChannel channel = open(temporary, target);
    try {
      try (channel) {
        lock(channel);
        writeAll(channel, content, progress);
        copyMode(absolute, temporary);
        channel.force(true);
        // renamed while still open and locked, so a concurrent cleaner never takes it for a stale file
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      deleteAfterFailure(temporary, e);
      throw failed(target, e);
    } catch (RuntimeException | Error e) {
      deleteAfterFailure(temporary, e);
      throw e;
    }
    forceDirectory(directory);
  }

  /** {@code .<name>.<16 hex digits>.tmp}. */
  static String temporaryName(String targetName, long random) {
    return "." + targetName + "." + String.format("%016x", random) + ".tmp";
  }

  /** Whether {@code fileName} is a temporary of ours for a target named {@code targetName}. */
  static boolean isTemporaryOf(String fileName, String targetName) {
    // 1 to 16 digits: earlier versions wrote Long.toHexString without padding
    return fileName.length() > targetName.length() + 2
        && fileName.startsWith("." + targetName + ".")
        && TEMPORARY_SUFFIX.matcher(fileName.substring(targetName.length() + 2)).matches();
  }

  private static final Pattern TEMPORARY_SUFFIX = Pattern.compile("[0-9a-f]{1,16}\\.tmp");

  /**
   * The absolute path of the file a write to {@code target} replaces: {@code target} itself, or the end
   * of its chain of symbolic links.
   */
  static Path resolveLinks(Path target) {
    Path path = target.toAbsolutePath();
    for (int hops = 0; Files.isSymbolicLink(path); hops++) {
      if (hops == MAX_LINKS) {
        String message = String.format(
            "atomic file: could not write %s: more than %d symbolic links (a loop?); got %s after %d links",
            target, MAX_LINKS, path, hops);
        throw new UncheckedIOException(message, new IOException(message));
      }
      Path link;
      try {
        link = Files.readSymbolicLink(path);
      } catch (IOException e) {
        throw failed(target, e);
      }
      Path parent = path.getParent();
      path = parent == null ? link.toAbsolutePath() : parent.resolve(link).toAbsolutePath();
    }
    return path;
  }

  /** Deletes the unlocked temporaries of earlier saves of {@code name} that crashed before cleaning up. */
  private static void deleteStaleTemporaries(Path directory, String name) {
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(
        directory, entry -> isTemporaryOf(entry.getFileName().toString(), name))) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
          stale.add(entry);
        }
      }
    } catch (IOException | RuntimeException e) {
      return; // an unreadable or missing directory: the write itself reports the real problem
    }
    for (Path entry : stale) {
      deleteIfUnlocked(entry);
    }
  }

  private static void deleteIfUnlocked(Path temporary) {
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return; // another process is writing it right now
      }
      try (lock) {
        Files.deleteIfExists(temporary);
      }
    } catch (OverlappingFileLockException e) {
      // a thread of this JVM is writing it right now
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException | RuntimeException e) {
      // cleanup is best effort and must never fail the save
    }
  }

  private static void lock(FileChannel channel) {
    try {
      channel.tryLock();
    } catch (IOException | RuntimeException e) {
      // file systems without locks: the cleanup then relies on the crash having ended the writer
    }
  }

  /** Gives {@code temporary} the permission bits of {@code target}, when it exists and the FS is POSIX. */
  private static void copyMode(Path target, Path temporary) throws IOException {
    PosixFileAttributeView targetView = Files.getFileAttributeView(target, PosixFileAttributeView.class);
    if (targetView == null || !Files.isRegularFile(target)) {
      return;
    }
    Set<PosixFilePermission> mode;
    try {
      mode = targetView.readAttributes().permissions();
    } catch (NoSuchFileException e) {
      return; // deleted meanwhile: the new file is then a new file
    }
    Files.setPosixFilePermissions(temporary, mode);
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
    return new UncheckedIOException("atomic file: could not write " + target + ": " + cause, cause);
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
