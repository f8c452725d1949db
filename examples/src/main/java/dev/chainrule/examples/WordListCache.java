package dev.chainrule.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's American English word list on disk: the file {@code american-english} of the package
 * {@code wamerican} (221 kB), fetched on first use with {@code apt-get download} and unpacked with
 * {@code dpkg -x}, so nothing is installed and no root is needed.
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

  /** The word list file, once the cache holds a valid one (downloading it if needed). */
  Path ensure() {
    Optional<String> problem = problem();
    if (problem.isPresent()) {
      System.out.printf("words: %s; downloading %s with apt-get into %s%n", problem.get(), PACKAGE, directory);
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
    return runs(aptGet) && runs(dpkg);
  }

  private static boolean runs(String command) {
    try {
      Process version = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      version.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return version.waitFor(60, TimeUnit.SECONDS) && version.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void download() {
    Path work = null;
    try {
      Files.createDirectories(directory);
      work = Files.createTempDirectory(directory, ".download-");
      run(work, aptGet, "download", PACKAGE);
      Path deb = debian(work);
      run(work, dpkg, "-x", deb.toString(), "unpacked");
      Path list = work.resolve("unpacked/usr/share/dict").resolve(FILE);
      if (!Files.isRegularFile(list)) {
        throw new IllegalStateException("words: " + deb.getFileName() + " has no usr/share/dict/" + FILE);
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
      deleteTree(work);
    }
  }

  /** Runs {@code command args…} in {@code work}, failing with its output unless it exits with 0. */
  private void run(Path work, String command, String... args) throws IOException {
    List<String> line = new ArrayList<>(List.of(command));
    line.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(line).directory(work.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(String.format(
          "words: needs apt-get and dpkg (Debian or Ubuntu) to download %s, or the file %s in %s; cannot run '%s'",
          PACKAGE, FILE, directory, command), e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(String.format("words: '%s' failed with exit code %s:%n%s", String.join(" ", line), exit, output));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("words: interrupted while waiting for " + command, e);
    }
  }

  private static Path debian(Path work) throws IOException {
    try (Stream<Path> files = Files.list(work)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".deb")).findFirst()
          .orElseThrow(() -> new IllegalStateException("words: 'apt-get download " + PACKAGE + "' wrote no .deb file"));
    }
  }

  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("words: could not delete the temporary " + root + ": " + e.getMessage());
    }
  }
}
