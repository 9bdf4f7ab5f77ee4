package livefeed.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts processes that outlive the command that starts them, with output appended to a log file, and stops them:
 * gracefully (SIGTERM), then forcibly after a grace period. On Linux they start under {@code setsid}, in a session of
 * their own, so that closing the terminal or Ctrl-C in it does not reach them.
 */
public final class DetachedProcesses {
    private DetachedProcesses() {}

    public static ProcessHandle start(List<String> command, Path workDir, Map<String, String> env, Path log) {
        List<String> full = new ArrayList<>();
        setsid().ifPresent(full::add);
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile());
        builder.environment().putAll(env);
        try {
            // Owner only: Alertmanager logs the Telegram token in the URL of every failed delivery.
            livefeed.secrets.OwnerOnly.directory(log.getParent());
            livefeed.secrets.OwnerOnly.file(log);
            Files.writeString(log, "==== " + Instant.now() + " starting: " + String.join(" ", command) + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Process process = builder.start();
            process.getOutputStream().close();   // no input: end of file at once
            return process.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops {@code process} and the processes it started: a polite request first, then, after {@code grace}, by force.
     * Returns true if it ended gracefully.
     */
    public static boolean stop(ProcessHandle process, Duration grace) {
        if (process.pid() <= 1) {
            throw new IllegalArgumentException("pid " + process.pid() + " is never signalled");
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process);
        tree.forEach(ProcessHandle::destroy);
        if (waitForExit(tree, grace)) {
            return true;
        }
        tree.stream().filter(DetachedProcesses::isRunning).forEach(ProcessHandle::destroyForcibly);
        waitForExit(tree, Duration.ofSeconds(5));
        return false;
    }

    /** Whether this platform has SIGHUP (every one but Windows), which Prometheus and Alertmanager reload on. */
    public static boolean canHangUp() {
        return !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("win");
    }

    /**
     * Sends SIGHUP to {@code process} (the JDK only sends TERM and KILL, so through the shell's {@code kill}); the caller has
     * proved through its PID file that the process is ours.
     */
    public static void hangUp(ProcessHandle process) {
        if (process.pid() <= 1) {
            throw new IllegalArgumentException("pid " + process.pid() + " is never signalled");
        }
        try {
            // The shell's own kill: a kill binary (procps) is missing from slim images; /bin/sh never is.
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -HUP \"$1\"", "sh", String.valueOf(process.pid()))
                    .redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                throw new StackException("kill -HUP " + process.pid() + " failed: " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill to reload pid " + process.pid() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while signalling pid " + process.pid());
        }
    }

    /**
     * Whether the process still runs. A process that has exited but is not yet reaped (a zombie: its parent, often
     * init once the starting command is gone, has not collected it yet) is alive to the JDK but runs no more.
     */
    public static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", String.valueOf(process.pid()), "stat");
        try {
            String line = Files.readString(stat);
            // pid (comm) STATE ...: the command may hold spaces and parentheses, the state follows the last ')'.
            return line.charAt(line.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return true;   // no /proc (macOS, Windows): the JDK's answer stands
        }
    }

    /**
     * Polls every 20 ms: the JDK's onExit() for a process that is not our child (a service started by an earlier
     * command) only notices the exit up to about 2 s late.
     */
    private static boolean waitForExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(DetachedProcesses::isRunning)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static java.util.Optional<String> setsid() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return java.util.Optional.empty();
        }
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path setsid = Path.of(dir, "setsid");
            if (Files.isExecutable(setsid)) {
                return java.util.Optional.of(setsid.toString());
            }
        }
        return java.util.Optional.empty();
    }
}
