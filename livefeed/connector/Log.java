package livefeed.connector;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The connector's log: one line per event on stderr, UTC timestamped; stdout is left to the bar sink. */
public final class Log {
    private Log() {}

    public static void info(String message) {
        System.err.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + message);
    }

    /** Logs at most one line per {@code everyMillis}, saying how many were suppressed in between. */
    public static final class RateLimited {
        private final long everyMillis;
        private long lastMillis = Long.MIN_VALUE / 2;
        private long suppressed;

        public RateLimited(long everyMillis) {
            this.everyMillis = everyMillis;
        }

        public synchronized void info(String message) {
            long now = System.currentTimeMillis();
            if (now - lastMillis < everyMillis) {
                suppressed++;
                return;
            }
            Log.info(suppressed == 0 ? message : message + " (" + suppressed + " more since the last report)");
            suppressed = 0;
            lastMillis = now;
        }
    }
}
