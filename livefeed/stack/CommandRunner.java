package livefeed.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs outside commands (docker compose); a seam so tests can see exactly what would run, in what order. */
public interface CommandRunner {
    /** Runs {@code command} with its output going to this process's, and returns its exit code. */
    int run(List<String> command, Map<String, String> env);

    /** Runs {@code command} and returns what it printed on stdout (empty when it fails). */
    String capture(List<String> command, Map<String, String> env);

    /** The real thing: processes in {@code workDir}. */
    static CommandRunner inDirectory(Path workDir) {
        return new CommandRunner() {
            @Override
            public int run(List<String> command, Map<String, String> env) {
                ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).inheritIO();
                builder.environment().putAll(env);
                try {
                    return builder.start().waitFor();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 130;
                }
            }

            @Override
            public String capture(List<String> command, Map<String, String> env) {
                ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                builder.environment().putAll(env);
                try {
                    Process process = builder.start();
                    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    return process.waitFor() == 0 ? out : "";
                } catch (IOException e) {
                    return "";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "";
                }
            }
        };
    }
}
