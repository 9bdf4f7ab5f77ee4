package livefeed.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import livefeed.alertmanager.AlertmanagerConfig;
import livefeed.stack.AtomicFiles;
import livefeed.stack.Console;
import livefeed.stack.NativeStack;
import livefeed.stack.Ports;
import livefeed.stack.StackException;
import livefeed.stack.StackState;
import livefeed.stack.StackWaiter;
import livefeed.stack.StateDir;
import livefeed.stack.UpRequest;
import livefeed.tools.ToolFinder;

/**
 * A native stack of the drill's own, from the same files as every stack (ops/prometheus copied verbatim, the
 * Alertmanager template rendered by {@link AlertmanagerConfig}): in a temporary state folder, on free loopback ports,
 * the connector with its fault API on, and Alertmanager's Telegram delivery pointed at a drill receiver port with a
 * throwaway token and chat id. {@link #close()} stops it and deletes the folder.
 */
public final class DrillStack implements AutoCloseable {
    private final NativeStack stack;
    private final StateDir state;
    private final Console console;

    private DrillStack(NativeStack stack, StateDir state, Console console) {
        this.stack = stack;
        this.state = state;
        this.console = console;
    }

    public StateDir state() {
        return state;
    }

    /** Starts the stack and waits until every target is up and every rule group healthy. */
    public static DrillStack start(Path projectRoot, Console console, Duration timeout) {
        return start(projectRoot, new ToolFinder(), console, timeout);
    }

    /** The same with Prometheus and Alertmanager from {@code tools} (tests choose which versions). */
    public static DrillStack start(Path projectRoot, ToolFinder tools, Console console, Duration timeout) {
        StateDir state;
        try {
            state = new StateDir(Files.createTempDirectory("livefeed-drill-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path secrets = state.root().resolve("drill-secrets");
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        AtomicFiles.write(secrets.resolve(AlertmanagerConfig.TOKEN_FILE), "100000:drill-" + HexFormat.of().formatHex(random) + "\n");
        AtomicFiles.write(secrets.resolve(AlertmanagerConfig.CHAT_ID_FILE), "1\n");
        Path template = projectRoot.resolve("ops/alertmanager/alertmanager.yml.tmpl");
        String launcher = projectRoot.resolve(System.getProperty("os.name", "").startsWith("Windows") ? "jbang.cmd" : "jbang").toString();
        NativeStack stack = new NativeStack(projectRoot, state, tools, (out, url) -> {
            AlertmanagerConfig.render(template, secrets, url).writeTo(out);
            return "Telegram messages go to the drill receiver at " + url;
        }, projectRoot.resolve("ops/prometheus"), List.of(launcher, "connector.java", "--faults"));
        DrillStack drillStack = new DrillStack(stack, state, console);
        try {
            Ports ports = new Ports(freePort(), freePort(), freePort(), freePort());
            StackState up = stack.up(new UpRequest(ports, "127.0.0.1", true, false, "http://127.0.0.1:" + freePort()), console);
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
            AtomicFiles.deleteTree(state.root());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
