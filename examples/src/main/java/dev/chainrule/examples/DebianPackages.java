package dev.chainrule.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian packages fetched with {@code apt-get download} and unpacked with {@code dpkg -x}, so nothing is
 * installed and no root is needed: what the example caches ({@link WordListCache}, {@link FortuneCache})
 * share. Errors start with {@code label}, e.g. {@code "words: …"}.
 *
 * @param aptGet the command that runs apt-get
 * @param dpkg the command that runs dpkg
 * @param label the data set's name at the start of every error message
 */
record DebianPackages(String aptGet, String dpkg, String label) {
  /** Whether both apt-get and dpkg can be run. */
  boolean canDownload() {
    return runs(aptGet) && runs(dpkg);
  }

  /**
   * Downloads {@code packages} into {@code work} and unpacks them all into {@code work/unpacked}, which it
   * returns; {@code instead} says in the error for missing tools what a user may provide by hand.
   */
  Path unpack(Path work, String instead, String... packages) throws IOException {
    List<String> download = new ArrayList<>(List.of("download"));
    download.addAll(List.of(packages));
    run(work, instead, String.join(" ", packages), aptGet, download.toArray(new String[0]));
    List<Path> debs;
    try (Stream<Path> files = Files.list(work)) {
      debs = files.filter(f -> f.getFileName().toString().endsWith(".deb")).sorted().toList();
    }
    if (debs.isEmpty()) {
      throw new IllegalStateException(String.format("%s: 'apt-get download %s' wrote no .deb file", label, String.join(" ", packages)));
    }
    for (Path deb : debs) {
      run(work, instead, String.join(" ", packages), dpkg, "-x", deb.toString(), "unpacked");
    }
    return work.resolve("unpacked");
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

  /** Runs {@code command args…} in {@code work}, failing with its output unless it exits with 0. */
  private void run(Path work, String instead, String packages, String command, String... args) throws IOException {
    List<String> line = new ArrayList<>(List.of(command));
    line.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(line).directory(work.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(String.format(
          "%s: needs apt-get and dpkg (Debian or Ubuntu) to download %s, or %s; cannot run '%s'", label, packages, instead, command), e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(String.format("%s: '%s' failed with exit code %s:%n%s", label, String.join(" ", line), exit, output));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(label + ": interrupted while waiting for " + command, e);
    }
  }

  /** Deletes {@code root} and everything under it, if it exists; a failure is only reported. */
  void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println(label + ": could not delete the temporary " + root + ": " + e.getMessage());
    }
  }
}
