package livefeed.cli;

import livefeed.errors.InvalidInput;

/**
 * Bad usage, said by a program's edge (a picocli command) in its own flags: the message says what is wrong and how to
 * fix it. {@link CommandLines#run} prints it as one line and exits 2, without a stack trace. The core says bad input
 * with {@link InvalidInput}, in its own words.
 */
public class UsageException extends InvalidInput {
    public UsageException(String message) {
        super(message);
    }
}
