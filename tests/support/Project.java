package livefeed.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The project checkout under test, and its programs run the way a user runs them: through {@code ./jbang}. */
public final class Project {
    private Project() {}

    /** The project root: the nearest folder upwards from the working directory that holds connector.java. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("connector.java")) && Files.isDirectory(d.resolve("livefeed"))) {
                return d;
            }
        }
        throw new IllegalStateException("run the tests from inside the project (no connector.java above " + dir + ")");
    }

    public static Path launcher() {
        return root().resolve("jbang");
    }

    /** What a finished process left: its exit code and everything it printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Runs {@code ./jbang ARGS} in the project root and waits for it. */
    public static Result jbang(String... args) {
        return jbang(Map.of(), Duration.ofMinutes(3), args);
    }

    public static Result jbang(Map<String, String> env, Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        return run(command, env, timeout);
    }

    /** Runs a command in the project root with extra environment variables, and waits for it. */
    public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);   // a null value removes the variable
            } else {
                builder.environment().put(k, v);
            }
        });
        try {
            Process process = builder.redirectInput(ProcessBuilder.Redirect.PIPE).start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + command);
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
