package livefeed.stack;

import livefeed.cli.UsageException;

/**
 * {@code up} was asked for a setting that only a restart of a running service changes (its port or bind address):
 * refused, and the program adds the exact commands to run.
 */
public final class RestartNeeded extends UsageException {
    public RestartNeeded(String message) {
        super(message);
    }
}
