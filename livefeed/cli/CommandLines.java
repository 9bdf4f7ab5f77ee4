//DEPS info.picocli:picocli:4.7.7
package livefeed.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** How every program turns a picocli command tree into an exit code, the same way for all four. */
public final class CommandLines {
    private CommandLines() {}

    /** Runs {@code command} with {@code args} and returns the exit code (0 ok, 1 failed, 2 bad usage or input). */
    public static int run(Object command, String... args) {
        return of(command).execute(args);
    }

    public static CommandLine of(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(e -> e instanceof UsageException || e instanceof CommandLine.ParameterException
                ? ExitCode.USAGE : ExitCode.FAILED);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String program = commandLine.getCommandSpec().root().name();
            if (e instanceof UsageException) {
                err.println(program + ": " + e.getMessage());
                err.flush();
                return ExitCode.USAGE;
            }
            err.println(program + ": " + e);
            e.printStackTrace(err);
            err.flush();
            return ExitCode.FAILED;
        });
        return cli;
    }
}
