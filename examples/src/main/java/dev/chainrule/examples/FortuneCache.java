package dev.chainrule.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The fortune cookies of Debian's {@code fortunes} and {@code fortunes-min} packages (about 15,000
 * entries, 2.5 MB), fetched on first use like the word list (see {@link WordListCache} and
 * {@link DebianPackages}), cleaned by {@link Fortunes} and cached as one file, {@code fortunes.txt}, in
 * the fortune format: each entry followed by a line holding a single {@code %}.
 *
 * <p>The directory is {@code <root>/fortunes}, with the root chosen as for MNIST (see {@link MnistCache#root}).
 * A download unpacks the packages in a temporary directory and moves the cleaned file into place
 * atomically, so the cache never holds a partial file.
 *
 * @param directory where {@code fortunes.txt} is
 * @param aptGet the command that runs apt-get
 * @param dpkg the command that runs dpkg
 */
record FortuneCache(Path directory, String aptGet, String dpkg) {
  /** The Debian packages holding the fortune files. */
  static final List<String> PACKAGES = List.of("fortunes", "fortunes-min");
  /** The cleaned entries, in the cache. */
  static final String FILE = "fortunes.txt";
  /** Where the packages keep their fortune files. */
  static final String PACKAGE_DIRECTORY = "usr/share/games/fortunes";
  /** Fewer entries than this means the file is not the collection (the bookworm packages hold 15,216). */
  static final int MIN_ENTRIES = 10_000;

  /** The cache where the system property, environment or home directory puts it. */
  static FortuneCache standard() {
    Path root = MnistCache.root(System.getProperty("chainrule.data"), System.getenv("CHAINRULE_DATA"), System.getProperty("user.home"));
    return new FortuneCache(root.resolve("fortunes"), "apt-get", "dpkg");
  }

  /**
   * The cleaned fortunes file, once the cache holds a valid one (downloading it if needed). A download first says on standard output
   * what it fetches and why, so a first run shows what it is waiting for.
   */
  Path ensure() {
    return ensure(System.out::println);
  }

  /** As {@link #ensure()}, telling {@code progress} instead of standard output what it downloads. */
  Path ensure(Consumer<String> progress) {
    Optional<String> problem = problem();
    if (problem.isPresent()) {
      progress.accept(String.format("fortunes: %s; downloading %s with apt-get into %s", problem.get(), String.join(" and ", PACKAGES), directory));
      download();
    }
    return directory.resolve(FILE);
  }

  /** What is wrong with the cached file, e.g. {@code "fortunes.txt is missing"}; empty when it is valid. */
  Optional<String> problem() {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.of(FILE + " is missing");
    }
    int entries = Fortunes.read(file).size();
    return entries >= MIN_ENTRIES ? Optional.empty()
        : Optional.of(String.format("%s holds %,d entries; expected at least %,d", FILE, entries, MIN_ENTRIES));
  }

  /** Whether both apt-get and dpkg can be run. */
  boolean canDownload() {
    return tools().canDownload();
  }

  private DebianPackages tools() {
    return new DebianPackages(aptGet, dpkg, "fortunes");
  }

  private void download() {
    Path work = null;
    try {
      Files.createDirectories(directory);
      work = Files.createTempDirectory(directory, ".download-");
      Path unpacked = tools().unpack(work, "the file " + FILE + " in " + directory, PACKAGES.toArray(new String[0]));
      Path fortunes = unpacked.resolve(PACKAGE_DIRECTORY);
      if (!Files.isDirectory(fortunes)) {
        throw new IllegalStateException("fortunes: " + String.join(" and ", PACKAGES) + " have no " + PACKAGE_DIRECTORY);
      }
      List<String> entries = Fortunes.readDirectory(fortunes);
      if (entries.size() < MIN_ENTRIES) {
        throw new IllegalStateException(String.format(
            "fortunes: the downloaded packages hold %,d entries, expected at least %,d; nothing was cached", entries.size(), MIN_ENTRIES));
      }
      Path cleaned = Files.writeString(work.resolve(FILE), Fortunes.corpus(entries), StandardCharsets.ISO_8859_1);
      Files.move(cleaned, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("fortunes: cannot download into " + directory, e);
    } finally {
      tools().deleteTree(work);
    }
  }
}
