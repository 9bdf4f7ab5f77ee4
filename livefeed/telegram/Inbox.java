//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every message the Telegram stand-in was sent, delivered or refused, one JSON line each in an append-only file
 * ({@code <state>/telegram/inbox.jsonl}): it survives the stand-in's restart, and {@code observability.java inbox} and
 * the drills read it. A line is written whole with one write, so a reader sees whole lines (a torn last line, from
 * a crash mid-write, is skipped).
 */
public final class Inbox {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ALERT = Pattern.compile("\\b(FIRING|RESOLVED)\\b\\s+(\\S+)");

    /**
     * One message: when it came, to which chat, its text as sent and as Telegram shows it (null when refused), and
     * for a refused one Telegram's error code and description.
     */
    public record Entry(Instant receivedAt, String chatId, String parseMode, String text, String rendered,
            int errorCode, String description) {
        public boolean delivered() {
            return rendered != null;
        }

        /** The first alert the message is about, as the template writes it ("FIRING ReconnectSpike"), or "". */
        public String alert() {
            Matcher m = ALERT.matcher(readable());
            return m.find() ? m.group(2) : "";
        }

        /** firing or resolved, as the message says; "" when it says neither. */
        public String status() {
            Matcher m = ALERT.matcher(readable());
            return m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "";
        }

        /** The text as Telegram shows it; for a refused message, the text without its tags. */
        private String readable() {
            return rendered != null ? rendered : text.replaceAll("<[^>]*>", "");
        }

        public String toJson() {
            ObjectNode n = JSON.createObjectNode();
            n.put("time", receivedAt.toString());
            n.put("chat_id", chatId);
            n.put("parse_mode", parseMode);
            n.put("delivered", delivered());
            n.put("alert", alert());
            n.put("status", status());
            n.put("text", text);
            n.put("rendered", rendered);
            if (!delivered()) {
                n.put("error_code", errorCode);
                n.put("description", description);
            }
            try {
                return JSON.writeValueAsString(n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Optional<Entry> parse(String line) {
            try {
                JsonNode n = JSON.readTree(line);
                return Optional.of(new Entry(Instant.parse(n.path("time").asText()), n.path("chat_id").asText(),
                        n.path("parse_mode").asText(), n.path("text").asText(),
                        n.path("rendered").isTextual() ? n.path("rendered").asText() : null,
                        n.path("error_code").asInt(), n.path("description").isTextual() ? n.path("description").asText() : null));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    private final Path file;

    public Inbox(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Appends one entry as one line (created with owner-only permissions: messages may name what is monitored). */
    public synchronized void append(Entry entry) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.createFile(file);
                if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                }
            }
            Files.write(file, (entry.toJson() + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the inbox " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every entry so far, oldest first (none when the file does not exist yet). */
    public List<Entry> read() {
        return readFrom(0).entries();
    }

    /** Entries of the lines that start at or after {@code offset}, and the offset after the last whole line. */
    public record Page(List<Entry> entries, long nextOffset) {}

    public Page readFrom(long offset) {
        if (!Files.isRegularFile(file)) {
            return new Page(List.of(), offset);
        }
        try {
            byte[] all = Files.readAllBytes(file);
            List<Entry> entries = new ArrayList<>();
            int start = (int) Math.min(offset, all.length);
            int next = start;
            for (int i = start; i < all.length; i++) {
                if (all[i] == '\n') {
                    Entry.parse(new String(all, next, i - next, StandardCharsets.UTF_8)).ifPresent(entries::add);
                    next = i + 1;
                }
            }
            return new Page(entries, next);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the inbox " + file + ": " + e.getMessage(), e);
        }
    }
}
