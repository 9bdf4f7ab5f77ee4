package livefeed.stack;

/** The stack could not be brought up or down; the message says what happened and where to look. */
public final class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }
}
