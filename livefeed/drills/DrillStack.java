package livefeed.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import livefeed.cli.Console;
import livefeed.files.FileTrees;
import livefeed.stack.NativeStack;
import livefeed.stack.Ports;
import livefeed.stack.ProjectStack;
import livefeed.stack.StackException;
import livefeed.stack.StackState;
import livefeed.stack.StackWaiter;
import livefeed.stack.StateDir;
import livefeed.stack.UpRequest;
import livefeed.tools.ToolFinder;

/**
 * A native stack of the drill's own, from the same files as every stack ({@link ProjectStack}): in a temporary state folder, on free loopback ports,
 * the connector with its fault API on, and Alertmanager delivering to the stack's Telegram inbox with its throwaway
 * token and chat id, as {@code up --alerting} does without Telegram secrets. {@link #close()} stops it and deletes
 * the folder.
 */
public record DrillStack(NativeStack stack, StateDir state, Console console) implements AutoCloseable {

    /** Starts the stack and waits until every target is up and every rule group healthy. */
    public static DrillStack start(Path projectRoot, Console console, Duration timeout) {
        return start(projectRoot, ToolFinder.provisioning(System.getenv(), false), console, timeout);   // as up: fetch the pinned tools if missing
    }

    /** The same with Prometheus and Alertmanager from {@code tools} (tests choose which versions). */
    public static DrillStack start(Path projectRoot, ToolFinder tools, Console console, Duration timeout) {
        StateDir state;
        try {
            state = new StateDir(Files.createTempDirectory("livefeed-drill-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NativeStack stack = ProjectStack.nativeStack(projectRoot, state, tools, null, true);
        DrillStack drillStack = new DrillStack(stack, state, console);
        try {
            Ports ports = Ports.freeOnLoopback();
            StackState up = stack.up(new UpRequest(ports, "127.0.0.1", true, false, null, true, true), console);
            if (!new StackWaiter(stack, up, console).await(timeout)) {
                throw new StackException("the drill's own stack did not come up (see above)");
            }
        } catch (RuntimeException e) {
            drillStack.close();
            throw e;
        }
        return drillStack;
    }

    @Override
    public void close() {
        try {
            stack.down(true, console);
        } finally {
            FileTrees.delete(state.root());
        }
    }
}
