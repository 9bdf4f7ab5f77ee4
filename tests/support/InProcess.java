package livefeed.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import livefeed.testsupport.Project.Result;
import picocli.CommandLine;

/**
 * Runs one of the four programs' picocli command trees in this JVM, as {@code ./jbang PROGRAM.java ARGS} would
 * but without a JBang and a JVM per call: for usage, {@code --help}, {@code --version} and exit-code tests. Each
 * program keeps one subprocess test for its real contract (the launcher, the JVM options, signals).
 *
 * <p>The programs are classes of the default package (TestSuite.java includes them with {@code //SOURCES}), which
 * a named package cannot import: they are found by name. A program's tree is its {@code commandLine()} when it has
 * one (simulate adds a subcommand per scenario there), else picocli's over a new instance, with the programs' own
 * exit-code mapping ({@code livefeed.cli.CommandLines}).
 */
public final class InProcess {
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "in-process-program");
        t.setDaemon(true);   // a command that never returns fails its test and must not keep the JVM alive
        return t;
    });

    private InProcess() {}

    /** Runs {@code program} (connector, observability, promtest or simulate) with {@code args}; 30 s at most. */
    public static Result run(String program, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        ByteArrayOutputStream systemOut = new ByteArrayOutputStream(), systemErr = new ByteArrayOutputStream();
        PrintStream savedOut = System.out, savedErr = System.err;
        // Some steps print through System.out/err rather than picocli's writers: both are captured, in that order.
        System.setOut(new PrintStream(systemOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        // The connector installs SIGTERM/SIGINT handlers before it binds: the test JVM's own are put back after.
        sun.misc.SignalHandler term = currentHandler("TERM"), interrupt = currentHandler("INT");
        try {
            CommandLine cli = commandLine(program);
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            Future<Integer> exit = RUNNER.submit(() -> cli.execute(args));
            int code = exit.get(30, java.util.concurrent.TimeUnit.SECONDS);
            return new Result(code, out + systemOut.toString(StandardCharsets.UTF_8),
                    err + systemErr.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            throw new AssertionError(program + " " + String.join(" ", args) + " did not return within 30 s; it printed: "
                    + out + systemOut.toString(StandardCharsets.UTF_8) + err + systemErr.toString(StandardCharsets.UTF_8));
        } catch (ExecutionException e) {
            throw new AssertionError(program + " threw past picocli", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), term);
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), interrupt);
        }
    }

    private static sun.misc.SignalHandler currentHandler(String signal) {
        sun.misc.Signal s = new sun.misc.Signal(signal);
        sun.misc.SignalHandler current = sun.misc.Signal.handle(s, sun.misc.SignalHandler.SIG_DFL);
        sun.misc.Signal.handle(s, current);
        return current;
    }

    public static CommandLine commandLine(String program) {
        try {
            Class<?> type = Class.forName(program);
            for (Method m : type.getDeclaredMethods()) {
                if (m.getName().equals("commandLine") && m.getParameterCount() == 0
                        && java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                    m.setAccessible(true);
                    return (CommandLine) m.invoke(null);
                }
            }
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return livefeed.cli.CommandLines.of(constructor.newInstance());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no program " + program + " in the test build (TestSuite.java's //SOURCES)", e);
        }
    }
}
