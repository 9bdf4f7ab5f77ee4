package livefeed.cli;

/**
 * Bad usage or bad input: the message says what is wrong and how to fix it. {@link CommandLines#run} prints it as one
 * line and exits 2, without a stack trace.
 */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
