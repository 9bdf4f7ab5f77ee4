//DEPS info.picocli:picocli:4.7.7
package livefeed.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import livefeed.errors.InvalidInput;
import livefeed.errors.OutsideFailure;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How every program turns a picocli command tree into an exit code, the same way for all four, and the one place where
 * the core's errors become command-line words: bad input ({@link InvalidInput}, in the domain's words) is one line
 * naming the flag the person typed for its setting, exit 2; a part outside that failed ({@link OutsideFailure}: an
 * API, docker compose) is one line, exit 1; anything else is a bug, printed with its stack trace, exit 1.
 * The model is picocli's own pair of an execution-exception handler and an exit-code mapper.
 */
public final class CommandLines {
    private CommandLines() {}

    /** Runs {@code command} with {@code args} and returns the exit code (0 ok, 1 failed, 2 bad usage or input). */
    public static int run(Object command, String... args) {
        return of(command).execute(args);
    }

    public static CommandLine of(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(CommandLines::exitCode);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String program = commandLine.getCommandSpec().root().name();
            if (e instanceof InvalidInput invalid) {
                err.println(program + ": " + message(invalid, commandLine.getCommandSpec()));
                err.flush();
                return ExitCode.USAGE;
            }
            if (e instanceof OutsideFailure failure) {
                err.println(program + ": " + failure.getMessage());
                err.flush();
                return ExitCode.FAILED;
            }
            err.println(program + ": " + e);
            e.printStackTrace(err);
            err.flush();
            return ExitCode.FAILED;
        });
        return cli;
    }

    /** The exit code for an error that ended a command: 2 for bad usage or input, else 1. */
    static int exitCode(Throwable e) {
        return e instanceof InvalidInput || e instanceof CommandLine.ParameterException ? ExitCode.USAGE : ExitCode.FAILED;
    }

    /**
     * The one line a person reads for bad input to {@code command}: its setting named by the command's flag for it,
     * or, when the command has none (a setting from a file, say), by the domain's words.
     */
    static String message(InvalidInput invalid, CommandSpec command) {
        return invalid.setting().map(setting -> invalid.named(flag(command, setting).orElse(setting)))
                .orElse(invalid.getMessage());
    }

    /**
     * The flag of {@code command} (or of a command above it) that gives {@code setting}: the option whose
     * {@code descriptionKey} is the setting, or else the one named {@code --} and the setting's words joined by '-'
     * ("prometheus port" is {@code --prometheus-port}).
     */
    static Optional<String> flag(CommandSpec command, String setting) {
        String name = "--" + setting.strip().replace(' ', '-');
        for (CommandSpec spec = command; spec != null; spec = spec.parent()) {
            Optional<OptionSpec> byKey = spec.options().stream().filter(o -> setting.equals(o.descriptionKey())).findFirst();
            Optional<OptionSpec> byName = spec.options().stream()
                    .filter(o -> Arrays.asList(o.names()).contains(name)).findFirst();
            Optional<OptionSpec> option = byKey.or(() -> byName);
            if (option.isPresent()) {
                return Optional.of(option.get().longestName());
            }
        }
        return Optional.empty();
    }
}
