package livefeed.errors;

/**
 * A part outside this process failed (Prometheus's or Alertmanager's API, docker compose, a service of the stack):
 * not bad input and not a bug here. The message says which part and what came back, on one line; the programs print
 * it without a stack trace and exit with their failure code (see {@code livefeed.cli.CommandLines}).
 */
public class OutsideFailure extends RuntimeException {
    public OutsideFailure(String message) {
        super(message);
    }
}
