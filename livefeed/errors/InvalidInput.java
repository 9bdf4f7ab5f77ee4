package livefeed.errors;

import java.util.Optional;

/**
 * Input a person gave (a setting, a file, a value) that cannot be used. The message says what is wrong and how to fix
 * it in the words of the domain, never in command-line words: a program's edge knows which flag, field or variable the
 * {@link #setting()} came from and names it (see {@code livefeed.cli.CommandLines}); the programs exit with their
 * usage code.
 */
public class InvalidInput extends RuntimeException {
    private final String setting;

    public InvalidInput(String message) {
        this(null, message, null);
    }

    /** @param setting the setting the bad value came from, in the domain's words ("sink", "venue", "prometheus port") */
    public InvalidInput(String setting, String message) {
        this(setting, message, null);
    }

    public InvalidInput(String setting, String message, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /** The setting the bad value came from, if one did. */
    public Optional<String> setting() {
        return Optional.ofNullable(setting);
    }
}
