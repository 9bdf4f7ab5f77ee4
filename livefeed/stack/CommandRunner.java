package livefeed.stack;

import java.io.PrintStream;
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
        return new ProcessCommandRunner(workDir);
    }
}
