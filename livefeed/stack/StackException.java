package livefeed.stack;

import livefeed.errors.OutsideFailure;

/** The stack could not be brought up or down; the message says what happened and where to look. */
public final class StackException extends OutsideFailure {
    public StackException(String message) {
        super(message);
    }
}
