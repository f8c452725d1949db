package dev.chainrule.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Debian's American English word list on disk: the file {@code american-english} of the package
 * {@code wamerican} (221 kB), fetched on first use with {@code apt-get download} and unpacked with
 * {@code dpkg -x} (see {@link DebianPackages}), so nothing is installed and no root is needed.
 *
 * <p>The directory is {@code <root>/wamerican}, with the root chosen as for MNIST (see
 * {@link MnistCache#root}): the system property {@code chainrule.data}, else {@code CHAINRULE_DATA}, else
 * {@code ~/.cache/chainrule}. A download unpacks the package in a temporary directory, checks the list,
 * and moves it into place atomically, so the cache never holds a partial file.
 *
 * @param directory where {@code american-english} is
 * @param aptGet the command that runs apt-get
 * @param dpkg the command that runs dpkg
 */
record WordListCache(Path directory, String aptGet, String dpkg) {
  /** The Debian package holding the list. */
  static final String PACKAGE = "wamerican";
  /** The list's name, in the cache and under {@code usr/share/dict/} in the package. */
  static final String FILE = "american-english";
  /** Fewer lowercase words than this means the file is not the list (wamerican 2020.12.07 has 63,875). */
  static final int MIN_WORDS = 50_000;

  /** The cache where the system property, environment or home directory puts it. */
  static WordListCache standard() {
    Path root = MnistCache.root(System.getProperty("chainrule.data"), System.getenv("CHAINRULE_DATA"), System.getProperty("user.home"));
    return new WordListCache(root.resolve(PACKAGE), "apt-get", "dpkg");
  }

  /**
   * The word list file, once the cache holds a valid one (downloading it if needed). A download first says on standard output
   * what it fetches and why, so a first run shows what it is waiting for.
   */
  Path ensure() {
    return ensure(System.out::println);
  }

  /** As {@link #ensure()}, telling {@code progress} instead of standard output what it downloads. */
  Path ensure(Consumer<String> progress) {
    Optional<String> problem = problem();
    if (problem.isPresent()) {
      progress.accept(String.format("words: %s; downloading %s with apt-get into %s", problem.get(), PACKAGE, directory));
      download();
    }
    return directory.resolve(FILE);
  }

  /** What is wrong with the cached list, e.g. {@code "american-english is missing"}; empty when it is valid. */
  Optional<String> problem() {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.of(FILE + " is missing");
    }
    int words = Words.read(file).size();
    return words >= MIN_WORDS ? Optional.empty()
        : Optional.of(String.format("%s holds %,d lowercase words; expected at least %,d", FILE, words, MIN_WORDS));
  }

  /** Whether both apt-get and dpkg can be run. */
  boolean canDownload() {
    return tools().canDownload();
  }

  private DebianPackages tools() {
    return new DebianPackages(aptGet, dpkg, "words");
  }

  private void download() {
    Path work = null;
    try {
      Files.createDirectories(directory);
      work = Files.createTempDirectory(directory, ".download-");
      Path list = tools().unpack(work, "the file " + FILE + " in " + directory, PACKAGE).resolve("usr/share/dict").resolve(FILE);
      if (!Files.isRegularFile(list)) {
        throw new IllegalStateException("words: " + PACKAGE + " has no usr/share/dict/" + FILE);
      }
      int words = Words.read(list).size();
      if (words < MIN_WORDS) {
        throw new IllegalStateException(String.format(
            "words: the downloaded %s holds %,d lowercase words, expected at least %,d; nothing was cached", FILE, words, MIN_WORDS));
      }
      Files.move(list, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("words: cannot download into " + directory, e);
    } finally {
      tools().deleteTree(work);
    }
  }
}
