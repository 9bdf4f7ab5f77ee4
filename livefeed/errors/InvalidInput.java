package livefeed.errors;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Input a person gave (a setting, a file, a value) that cannot be used. The message says what is wrong and how to fix
 * it in the words of the domain, never in command-line words: a program's edge knows which flag, field or variable the
 * {@link #setting()} came from and names it (see {@code livefeed.cli.CommandLines}); the programs exit with their
 * usage code.
 *
 * <p>Where the setting's name goes in the sentence is the core's to say, the name itself is the edge's:
 * <ul>
 *   <li>{@code new InvalidInput("sink", "x: use none, stdout or file:PATH")}: the detail reads after the name
 *       ("--sink x: use none, stdout or file:PATH");
 *   <li>{@code new InvalidInput("prometheus port", name -> "port 9090 ... is in use: choose another port with " + name)}:
 *       the sentence puts the name where it goes ("... choose another port with --prometheus-port").
 * </ul>
 * Without an edge (a log, a test of the core) the name is the setting's own words: {@link #getMessage()}.
 */
public class InvalidInput extends RuntimeException {
    private final String setting;
    private final transient UnaryOperator<String> sentence;

    public InvalidInput(String message) {
        this(message, (Throwable) null);
    }

    public InvalidInput(String message, Throwable cause) {
        super(message, cause);
        this.setting = null;
        this.sentence = name -> message;
    }

    /**
     * @param setting the setting the bad value came from, in the domain's words ("sink", "venue", "prometheus port")
     * @param detail what is wrong, read after the setting's name: its value and the problem ("x: use ...", or ": ...")
     */
    public InvalidInput(String setting, String detail) {
        this(setting, name -> detail.startsWith(":") ? name + detail : name + " " + detail);
    }

    /** @param sentence the whole message, given the name the setting goes by where the person gave it */
    public InvalidInput(String setting, UnaryOperator<String> sentence) {
        this(setting, sentence, null);
    }

    public InvalidInput(String setting, UnaryOperator<String> sentence, Throwable cause) {
        super(sentence.apply(setting), cause);
        this.setting = setting;
        this.sentence = sentence;
    }

    /** The setting the bad value came from, if one did. */
    public Optional<String> setting() {
        return Optional.ofNullable(setting);
    }

    /** The message with {@code name} (a flag, a field, an environment variable) where the setting goes. */
    public String named(String name) {
        return sentence.apply(name);
    }
}
