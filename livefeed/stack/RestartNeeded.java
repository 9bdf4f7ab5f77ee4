package livefeed.stack;

import livefeed.errors.InvalidInput;

/**
 * {@code up} was asked for a setting that only a restart of a running service changes (its port or bind address):
 * refused, and the program adds the exact commands to run.
 */
public final class RestartNeeded extends InvalidInput {
    public RestartNeeded(String message) {
        super(message);
    }
}
