package livefeed.stack;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import livefeed.cli.Console;

/** A way to run the stack: {@link NativeStack} (processes on this machine) or {@link ComposeStack} (docker compose). */
public interface Stack {
    Backend backend();

    /**
     * Starts what is not running yet and returns the stack as it now is. Does not wait for readiness (see
     * {@link StackWaiter}).
     */
    StackState up(UpRequest request, Console console);

    /** Stops the stack's services (and only them); with {@code volumes}, deletes their data too. */
    void down(boolean volumes, Console console);

    /**
     * Makes Prometheus or Alertmanager read its configuration again and returns once its own metrics confirm the
     * reload (see {@link ConfigReload}); throws {@link StackException} if it refused the configuration.
     */
    void reload(Service service);

    /** Whether the service runs (a native process alive, or a compose container up). */
    boolean isRunning(Service service);

    /** The process id of a native service, if it runs. */
    Optional<Long> pid(Service service);

    /** The last lines a service logged, for a failure report. */
    List<String> logTail(Service service, int lines);

    /** Prints the logs of one service (or all, {@code service} empty); with {@code follow}, until interrupted. */
    int logs(Optional<Service> service, boolean follow, PrintStream out);
}
