package livefeed.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Runs outside commands (docker compose); a seam so tests can see exactly what would run, in what order. */
public interface CommandRunner {
    /** Runs {@code command} with its output going to this process's, and returns its exit code. */
    int run(List<String> command, Map<String, String> env);

    /**
     * Runs {@code command} with its output (stdout and stderr) printed line by line through {@code eachLine} to
     * {@code out}, as it comes: {@code logs} masks the Telegram token this way. A stand-in may run it unfiltered.
     */
    default int runFiltered(List<String> command, Map<String, String> env, UnaryOperator<String> eachLine, PrintStream out) {
        return run(command, env);
    }

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
            public int runFiltered(List<String> command, Map<String, String> env, UnaryOperator<String> eachLine,
                    PrintStream out) {
                ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.INHERIT);
                builder.environment().putAll(env);
                try {
                    Process process = builder.start();
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                            out.println(eachLine.apply(line));
                        }
                    }
                    out.flush();
                    return process.waitFor();
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
