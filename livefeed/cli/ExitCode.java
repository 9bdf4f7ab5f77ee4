package livefeed.cli;

/** The exit codes every program keeps (see the contract). */
public final class ExitCode {
    public static final int OK = 0;
    /** A check or a drill failed. */
    public static final int FAILED = 1;
    /** Bad usage or bad input; the message says what to fix. */
    public static final int USAGE = 2;

    private ExitCode() {}
}
