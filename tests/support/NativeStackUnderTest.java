package livefeed.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import livefeed.cli.Console;
import livefeed.stack.NativeStack;
import livefeed.stack.Ports;
import livefeed.stack.StackState;
import livefeed.stack.StackWaiter;
import livefeed.stack.StateDir;
import livefeed.stack.UpRequest;
import livefeed.tools.ToolFinder;

/**
 * A native stack as the stack tests run it: the stand-in connector (tests/fixtures/StandInConnector.java) and
 * {@link MiniPrometheusConfig}'s fast Prometheus configuration, on free ports, with what it prints kept for the
 * assertions; {@link #close} (a JUnit {@code @AutoClose} field) stops what it started and deletes its data.
 */
public final class NativeStackUnderTest implements AutoCloseable {
    /** Prometheus and Alertmanager as installed on PATH, never downloaded; no Grafana (no stack test runs it). */
    public static final ToolFinder TOOLS_ON_PATH = new ToolFinder(Map.of("PATH", System.getenv("PATH"),
            "LIVEFEED_GRAFANA", "/nonexistent/grafana-server"));
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
    private final Console console = new Console(print, false);
    private NativeStack stack;

    /** The stack in {@code state}, with its Prometheus configuration under {@code temp}; the one {@link #close} stops. */
    public NativeStack create(Path temp, StateDir state, ToolFinder tools, NativeStack.AlertmanagerRenderer renderer) {
        stack = new NativeStack(Project.root(), state, tools, renderer, MiniPrometheusConfig.write(temp.resolve("ops-prometheus")),
                List.of("java", Project.root().resolve("tests/fixtures/StandInConnector.java").toString()));
        return stack;
    }

    /** {@code up}, then waits (90 s at most) until every target is up and every rule group healthy. */
    public StackState upAndWait(UpRequest request) {
        StackState up = stack.up(request, console);
        assertTrue(new StackWaiter(stack, up, console).await(Duration.ofSeconds(90)), this::output);
        return up;
    }

    /** Free loopback ports for the connector, Prometheus, Alertmanager and Grafana. */
    public static Ports freePorts() {
        return new Ports(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
    }

    public Console console() {
        return console;
    }

    /** Where the test's own progress lines go, into the same output. */
    public PrintStream print() {
        return print;
    }

    /** Forgets what was printed so far: {@link #output} starts again from here. */
    public void forgetOutput() {
        output.reset();
    }

    /** What the stack printed so far. */
    public String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (stack != null) {
            stack.down(true, console);
        }
    }
}
