package livefeed.testsupport;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition instead of sleeping a guessed time. */
public final class Eventually {
    private Eventually() {}

    /** Polls {@code value} every 200 ms until it is non-null, or fails after {@code timeout} saying what it waited for. */
    public static <T> T await(String what, Duration timeout, Supplier<T> value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T result = value.get();
                if (result != null) {
                    return result;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what
                + (last == null ? "" : "; last error: " + last), last);
    }

    public static void until(String what, Duration timeout, Supplier<Boolean> condition) {
        await(what, timeout, () -> condition.get() ? Boolean.TRUE : null);
    }
}
