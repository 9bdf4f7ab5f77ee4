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

/** {@link CommandRunner} as processes in one working folder. */
final class ProcessCommandRunner implements CommandRunner {
    /** The exit code of a command this process was interrupted while waiting for, as a shell reports it. */
    private static final int INTERRUPTED = 130;
    private final Path workDir;

    ProcessCommandRunner(Path workDir) {
        this.workDir = workDir;
    }

    @Override
    public int run(List<String> command, Map<String, String> env) {
        return exitCode(builder(command, env).inheritIO(), process -> { });
    }

    @Override
    public int runFiltered(List<String> command, Map<String, String> env, UnaryOperator<String> eachLine, PrintStream out) {
        ProcessBuilder builder = builder(command, env).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.INHERIT);
        return exitCode(builder, process -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.println(eachLine.apply(line));
                }
            }
            out.flush();
        });
    }

    @Override
    public String capture(List<String> command, Map<String, String> env) {
        ProcessBuilder builder = builder(command, env).redirectError(ProcessBuilder.Redirect.DISCARD);
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

    private ProcessBuilder builder(List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(env);
        return builder;
    }

    /** What is done with the process's output while it runs. */
    private interface WhileRunning {
        void accept(Process process) throws IOException;
    }

    /** Starts the command, lets {@code whileRunning} read its output, and waits for its exit code. */
    private static int exitCode(ProcessBuilder builder, WhileRunning whileRunning) {
        try {
            Process process = builder.start();
            whileRunning.accept(process);
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + builder.command().get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return INTERRUPTED;
        }
    }
}
