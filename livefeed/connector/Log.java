package livefeed.connector;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.LongSupplier;

/** The connector's log: one line per event on stderr, UTC timestamped; stdout is left to the bar sink. */
public final class Log {
    private Log() {}

    public static void info(String message) {
        System.err.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + oneLine(message));
    }

    /**
     * {@code text} as one line of printable text: much of what is logged comes from venues (frames, error messages,
     * close reasons), and a hostile frame's line break or terminal escape must not forge a log line or drive the
     * reader's terminal. Control characters (C0, DEL, C1) and the Unicode line and paragraph separators are written
     * as Java escapes: a line feed as backslash-n, ESC as backslash-u001b.
     */
    static String oneLine(String text) {
        int i = 0;
        while (i < text.length() && printable(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder line = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (printable(c)) {
                line.append(c);
            } else if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (c == '\t') {
                line.append("\\t");
            } else {
                line.append(String.format("\\u%04x", (int) c));
            }
        }
        return line.toString();
    }

    private static boolean printable(char c) {
        return c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != 0x2028 && c != 0x2029;
    }

    /**
     * Logs at most one line per {@code everyMillis}; the lines in between are counted, and said (how many, in how
     * long) by the next line or by {@link #reportSuppressed()} once the period is over, whichever comes first.
     */
    public static final class RateLimited {
        private final String what;
        private final long everyMillis;
        private final LongSupplier clock;
        private long lastMillis = Long.MIN_VALUE / 2;
        private long suppressed;

        public RateLimited(long everyMillis) {
            this("", everyMillis, System::currentTimeMillis);
        }

        /** {@code what} prefixes the suppressed-lines report, e.g. "binance: malformed frames". */
        public RateLimited(String what, long everyMillis) {
            this(what, everyMillis, System::currentTimeMillis);
        }

        public RateLimited(long everyMillis, LongSupplier clock) {
            this("", everyMillis, clock);
        }

        public RateLimited(String what, long everyMillis, LongSupplier clock) {
            this.what = what;
            this.everyMillis = everyMillis;
            this.clock = clock;
        }

        public synchronized void info(String message) {
            long now = clock.getAsLong();
            if (now - lastMillis < everyMillis) {
                suppressed++;
                return;
            }
            Log.info(suppressed == 0 ? message : message + " (" + suppressed + " similar lines suppressed before it)");
            suppressed = 0;
            lastMillis = now;
        }

        /** Once the period is over, says how many lines were suppressed in it (if any); cheap to call often. */
        public synchronized void reportSuppressed() {
            if (suppressed == 0) {
                return;
            }
            long now = clock.getAsLong();
            if (now - lastMillis < everyMillis) {
                return;
            }
            Log.info((what.isEmpty() ? "" : what + ": ") + suppressed + " similar lines suppressed in the last "
                    + Math.max(1, (now - lastMillis) / 1000) + " s");
            suppressed = 0;
            lastMillis = now;
        }
    }
}
