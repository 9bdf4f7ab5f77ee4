package livefeed.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import livefeed.secrets.TokenMask;

/**
 * Where the programs' commands write for people: progress lines with the time since the command began, and colour only
 * on a terminal (never with NO_COLOR, TERM=dumb, in CI, or when output goes to a file or a pipe). Every line goes
 * through {@link TokenMask}: a target's last error or a log excerpt may carry the Telegram token.
 */
public final class Console {
    private final PrintStream out;
    private final boolean colour;
    private final long startNanos = System.nanoTime();

    public Console(PrintStream out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    /** Colour when stdout is a terminal and nothing in the environment asks for plain text. */
    public static Console forTerminal(PrintStream out, Map<String, String> env) {
        boolean terminal = System.console() != null;
        boolean plain = env.containsKey("NO_COLOR") || env.containsKey("CI")
                || "dumb".equals(env.getOrDefault("TERM", "dumb").toLowerCase(Locale.ROOT));
        return new Console(out, terminal && !plain);
    }

    public PrintStream out() {
        return out;
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** One progress line: {@code [  1.2s] prometheus      ready     http://127.0.0.1:9090/}. */
    public void progress(String subject, String event, String detail) {
        String paddedEvent = String.format("%-10s", event);
        out.printf(Locale.ROOT, "[%5.1fs] %-15s %s %s%n", elapsedSeconds(), subject, colourFor(event, paddedEvent),
                detail == null ? "" : TokenMask.mask(detail));
        out.flush();
    }

    public void line(String text) {
        out.println(TokenMask.mask(text));
        out.flush();
    }

    public String green(String s) {
        return paint("32", s);
    }

    public String red(String s) {
        return paint("31", s);
    }

    public String yellow(String s) {
        return paint("33", s);
    }

    public String bold(String s) {
        return paint("1", s);
    }

    /** Colours a health or state word: up/ok/running/firing-free green, down/err/exited red, the rest yellow. */
    public String health(String word, String padded) {
        return colourFor(word, padded);
    }

    private String colourFor(String word, String text) {
        return switch (word.strip()) {
            case "up", "ok", "ready", "running", "target up", "stopped" -> green(text);
            case "down", "err", "exited", "failed", "firing", "timeout" -> red(text);
            default -> yellow(text);
        };
    }

    private String paint(String code, String s) {
        return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
