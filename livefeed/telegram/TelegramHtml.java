package livefeed.telegram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * A message with {@code parse_mode} HTML as Telegram's Bot API reads it: the few tags Telegram supports, the entities
 * it decodes, the 4096-character limit after parsing, and its own error texts for what it refuses (the parser
 * follows TDLib's, which Telegram runs: an unsupported tag or an unmatched end tag refuses the whole message; an
 * {@code &} that starts no known entity stays a plain {@code &}). A message Telegram would refuse is refused here
 * with the description Telegram would answer, so a template bug shows before it reaches a team at 3 a.m.
 */
public final class TelegramHtml {
    /** Telegram's limit on a message's text after entity parsing. */
    public static final int MAX_LENGTH = 4096;
    private static final Set<String> TAGS = Set.of("a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
            "span", "tg-spoiler", "tg-emoji", "code", "pre", "blockquote");

    /** Telegram's refusal: the {@code description} of its 400 answer. */
    public static final class Refused extends Exception {
        public Refused(String description) {
            super(description);
        }
    }

    private TelegramHtml() {}

    /** The text as Telegram shows it (tags gone, entities decoded); throws what Telegram would answer instead. */
    public static String render(String text, String parseMode) throws Refused {
        String plain = "HTML".equalsIgnoreCase(parseMode == null ? "" : parseMode.strip()) ? parse(text) : text;
        if (plain.isBlank()) {
            throw new Refused("Bad Request: message text is empty");
        }
        if (plain.length() > MAX_LENGTH) {
            throw new Refused("Bad Request: message is too long");
        }
        return plain;
    }

    private static String parse(String text) throws Refused {
        StringBuilder out = new StringBuilder(text.length());
        Deque<String> open = new ArrayDeque<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '&') {
                int end = entityEnd(text, i);
                String decoded = end < 0 ? null : decode(text.substring(i + 1, end));
                if (decoded != null) {
                    out.append(decoded);
                    i = end + 1;
                } else {
                    out.append('&');
                    i++;
                }
                continue;
            }
            if (c != '<') {
                out.append(c);
                i++;
                continue;
            }
            int offset = byteOffset(text, i);
            boolean endTag = i + 1 < text.length() && text.charAt(i + 1) == '/';
            int close = tagEnd(text, i + 1);
            if (endTag) {
                if (close < 0) {
                    throw entities("Unclosed end tag at byte offset " + offset);
                }
                String name = text.substring(i + 2, close).strip().toLowerCase(Locale.ROOT);
                if (open.isEmpty()) {
                    throw entities("Unexpected end tag at byte offset " + offset);
                }
                if (!name.equals(open.peek())) {
                    throw entities("Unmatched end tag at byte offset " + offset + ", expected \"</" + open.peek()
                            + ">\", found \"</" + name + ">\"");
                }
                open.pop();
            } else {
                // As Telegram reads it: the name first (up to a space or '>'), then the attributes up to '>'.
                int nameEnd = i + 1;
                while (nameEnd < text.length() && !Character.isWhitespace(text.charAt(nameEnd)) && text.charAt(nameEnd) != '>') {
                    nameEnd++;
                }
                if (nameEnd >= text.length()) {
                    throw entities("Unclosed start tag at byte offset " + offset);
                }
                String name = text.substring(i + 1, nameEnd).toLowerCase(Locale.ROOT);
                if (!TAGS.contains(name)) {
                    throw entities("Unsupported start tag \"" + name + "\" at byte offset " + offset);
                }
                if (close < 0) {
                    throw entities("Unclosed start tag at byte offset " + offset);
                }
                String inside = text.substring(i + 1, close);
                nameEnd -= i + 1;
                if (name.equals("span") && !inside.substring(nameEnd).replace(" ", "").matches("class=[\"']?tg-spoiler[\"']?")) {
                    throw entities("Tag \"span\" must have class \"tg-spoiler\" at byte offset " + offset);
                }
                open.push(name);
            }
            i = close + 1;
        }
        if (!open.isEmpty()) {
            throw entities("Can't find end tag corresponding to start tag \"" + open.peek() + "\"");
        }
        return out.toString();
    }

    private static Refused entities(String what) {
        return new Refused("Bad Request: can't parse entities: " + what);
    }

    /** The '>' that ends the tag starting before {@code from}, outside quoted attribute values; -1 if none. */
    private static int tagEnd(String text, int from) {
        char quote = 0;
        for (int j = from; j < text.length(); j++) {
            char c = text.charAt(j);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return j;
            } else if (c == '<') {
                return -1;
            }
        }
        return -1;
    }

    /** The ';' ending an entity that starts at {@code amp}, within a short name; -1 if none. */
    private static int entityEnd(String text, int amp) {
        for (int j = amp + 1; j < text.length() && j < amp + 12; j++) {
            char c = text.charAt(j);
            if (c == ';') {
                return j;
            }
            if (!Character.isLetterOrDigit(c) && c != '#') {
                return -1;
            }
        }
        return -1;
    }

    private static String decode(String name) {
        switch (name) {
            case "lt": return "<";
            case "gt": return ">";
            case "amp": return "&";
            case "quot": return "\"";
            default:
        }
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return Character.toString(Integer.parseInt(name.substring(2), 16));
            }
            if (name.startsWith("#")) {
                return Character.toString(Integer.parseInt(name.substring(1)));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    private static int byteOffset(String text, int index) {
        return text.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
    }
}
