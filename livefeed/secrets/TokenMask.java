package livefeed.secrets;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Hides Telegram bot tokens in text the programs print: log lines (Alertmanager logs the URL
 * {@code https://api.telegram.org/bot<token>/sendMessage} on every failed delivery), errors, config excerpts.
 * Hidden wherever they appear: every token this process read ({@link #remember}), what follows {@code /bot} in a
 * URL path when it has a token's {@code digits:} start, and anything shaped like a bot token ({@code 123456789:} and
 * 20 or more letters, digits, {@code _} or {@code -}), so that a token read by another process (Alertmanager's) is
 * hidden too.
 */
public final class TokenMask {
    public static final String MASK = "<telegram-token>";
    private static final Pattern IN_URL = Pattern.compile("(?<=/bot)[0-9]+:[^/\\s\"'?#]+");
    private static final Pattern TOKEN_SHAPE = Pattern.compile("\\b[0-9]{3,}:[A-Za-z0-9_-]{20,}");

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private TokenMask() {}

    /** A token this process read: hidden from now on in whatever {@link #mask} sees, whatever its shape. */
    public static void remember(String token) {
        if (token != null && token.length() >= 4) {
            KNOWN.add(token);
        }
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        for (String token : KNOWN) {
            text = text.replace(token, MASK);
        }
        return TOKEN_SHAPE.matcher(IN_URL.matcher(text).replaceAll(MASK)).replaceAll(MASK);
    }
}
