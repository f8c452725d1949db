package dev.chainrule.examples;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/** Stand-ins for apt-get and dpkg in the cache tests: small {@code /bin/sh} scripts, and a directory listing to check what a download left. */
final class StandInTools {
  private StandInTools() {}

  /** An executable script {@code dir/name} running {@code body}; skips the test where there is no {@code /bin/sh}. */
  static Path script(Path dir, String name, String body) throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "skipped: the stand-in tools are /bin/sh scripts");
    Path script = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  /** The entries of {@code directory}, sorted. */
  static List<Path> listing(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }
}
