package livefeed.stack;

import java.time.Duration;
import java.util.function.Supplier;
import livefeed.api.ApiException;
import livefeed.api.ReloadState;

/**
 * The one reload step of the stack, for Prometheus and Alertmanager alike: ask for a reload (a SIGHUP to the process
 * a PID file proves is ours, {@code docker compose kill -s SIGHUP}, or, where there is no SIGHUP, the HTTP endpoint),
 * then wait until the service's own metrics show a successful reload after the request, so that nothing reports a
 * configuration as in effect before it is. Signals, not the HTTP lifecycle API: with {@code --web.enable-lifecycle}
 * any web page the user opens could POST {@code /-/quit} to Prometheus.
 */
public final class ConfigReload {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private ConfigReload() {}

    /** Runs {@code request} and returns once {@code service} confirms the reload; throws if it refuses or stays silent. */
    public static void confirm(Service service, StackState stack, Runnable request) {
        Supplier<ReloadState> reloadState = switch (service) {
            case PROMETHEUS -> stack.promApi()::reloadState;
            case ALERTMANAGER -> stack.alertmanagerApi()::reloadState;
            default -> throw new IllegalArgumentException(service + " has no configuration reload");
        };
        ReloadState before;
        try {
            before = reloadState.get();
        } catch (ApiException e) {
            throw new StackException(service + " does not answer, so a reload could not be confirmed (" + e.getMessage()
                    + "): see 'observability status'");
        }
        request.run();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ReloadState now = reloadState.get();
                if (now.lastSuccessSeconds() > before.lastSuccessSeconds()) {
                    return;
                }
                if (before.successful() && !now.successful()) {
                    throw new StackException(service + " rejected the new configuration and keeps the previous one: "
                            + "'observability logs " + service + "' says why");
                }
            } catch (ApiException e) {
                // Not answering for a moment while it reloads: ask again.
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + service + " to reload");
            }
        }
        throw new StackException(service + " did not confirm a reload within " + TIMEOUT.toSeconds() + " s: "
                + "'observability logs " + service + "' says why");
    }
}
