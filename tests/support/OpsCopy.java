package livefeed.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of the project's ops/ folder (and its runbook) to break on purpose: each test edits its own copy. */
public final class OpsCopy {
    private OpsCopy() {}

    /** Copies ops/ and docs/runbook.md into {@code dir}; returns the copy's ops/ folder. */
    public static Path of(Path dir) {
        try {
            Path ops = dir.resolve("ops");
            Path source = Project.root().resolve("ops");
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : walk.toList()) {
                    String relative = source.relativize(p).toString();
                    if (relative.startsWith("alertmanager/secrets/") && !relative.endsWith("README.md")) {
                        continue;   // never copy real secrets around
                    }
                    Path target = ops.resolve(relative);
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
            Files.createDirectories(dir.resolve("docs"));
            Files.copy(Project.root().resolve("docs/runbook.md"), dir.resolve("docs/runbook.md"));
            return ops;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code from} by {@code to} in a file of the copy, and fails if {@code from} is not there. */
    public static void replace(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            if (!text.contains(from)) {
                throw new AssertionError(file + " does not contain: " + from);
            }
            Files.writeString(file, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
