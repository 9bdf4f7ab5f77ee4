package livefeed.connector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * Lines to a channel (the bar sink, the {@code --record} file) that survive the channel failing: a line is kept until
 * the channel took all of it, a failed write is counted, reported ({@link #problem()}, for /healthz) and retried on the
 * next {@link #flush()}, and the backlog is bounded: past {@code maxPendingBytes} the oldest whole lines are dropped
 * and counted. Never throws for a write failure: the processing thread must outlive a full disk.
 * Thread-safe (the recorder is written by the processing and receive threads and flushed by the timer).
 */
public final class RetryingLineWriter {
    /** Written at once when this much is waiting and the channel is healthy, as a buffered writer would. */
    private static final int FLUSH_AT = 1 << 16;

    private final String name;
    private final WritableByteChannel out;
    private final long maxPendingBytes;
    private final Log.RateLimited failureLog;
    private byte[] buf = new byte[FLUSH_AT + 4096];
    private int start, end;          // pending bytes are buf[start, end)
    private boolean firstLineStarted; // part of the first pending line is already written
    private long pendingLines;
    private long errors;
    private long dropped;
    private String lastError;
    private Instant failingSince;

    public RetryingLineWriter(String name, WritableByteChannel out, long maxPendingBytes) {
        this.name = name;
        this.out = out;
        this.maxPendingBytes = maxPendingBytes;
        this.failureLog = new Log.RateLimited(name + ": write failures", 10_000);
    }

    /** Adds one line (a newline is appended); writes when enough is waiting, unless the channel is failing. */
    public synchronized void line(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length + 1);
        System.arraycopy(bytes, 0, buf, end, bytes.length);
        end += bytes.length;
        buf[end++] = '\n';
        pendingLines++;
        if (end - start > maxPendingBytes) {
            dropOldest();
        }
        if (end - start >= FLUSH_AT && failingSince == null) {
            flush();
        }
    }

    /** Writes what is waiting; on failure keeps it for the next call. */
    public synchronized void flush() {
        if (start == end) {
            return;
        }
        ByteBuffer pending = ByteBuffer.wrap(buf, start, end - start);
        try {
            while (pending.hasRemaining()) {
                out.write(pending);
            }
            start = end = 0;
            pendingLines = 0;
            firstLineStarted = false;
            if (failingSince != null) {
                Log.info(name + ": writing again after failures since " + failingSince + "; nothing waiting");
                failingSince = null;
            }
        } catch (IOException | RuntimeException e) {
            int written = pending.position() - start;
            consumed(written);
            errors++;
            lastError = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            if (failingSince == null) {
                failingSince = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            }
            failureLog.info(name + ": write failed (" + lastError + "); " + pendingLines
                    + " lines kept to retry, " + dropped + " dropped so far");
        }
    }

    /** Moves the start past {@code written} bytes, counting the whole lines among them. */
    private void consumed(int written) {
        for (int i = start; i < start + written; i++) {
            if (buf[i] == '\n') {
                pendingLines--;
            }
        }
        start += written;
        firstLineStarted = start < end && start > 0 && buf[start - 1] != '\n';
    }

    /** Drops whole lines, oldest first, until the backlog fits; a line already partly written is kept whole. */
    private void dropOldest() {
        int from = start;
        if (firstLineStarted) {
            while (from < end && buf[from] != '\n') {
                from++;
            }
            from++;   // the partly written line stays: dropping its rest would leave half a line in the file
        }
        int cut = from;
        long lines = 0;
        while (cut < end && end - start - (cut - from) > maxPendingBytes) {
            while (buf[cut] != '\n') {
                cut++;
            }
            cut++;
            lines++;
        }
        if (lines == 0) {
            return;
        }
        System.arraycopy(buf, cut, buf, from, end - cut);
        end -= cut - from;
        pendingLines -= lines;
        dropped += lines;
    }

    private void ensure(int more) {
        if (end + more <= buf.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + more));
        }
    }

    /** Why the writer is failing, or null when its last write succeeded; for /healthz. */
    public synchronized String problem() {
        if (failingSince == null) {
            return null;
        }
        return name + ": writes failing since " + failingSince + " (" + lastError + "); " + pendingLines
                + " lines waiting to be retried, " + dropped + " dropped";
    }

    public synchronized long errors() {
        return errors;
    }

    public synchronized long droppedLines() {
        return dropped;
    }

    public synchronized long pendingLines() {
        return pendingLines;
    }

    public synchronized long pendingBytes() {
        return end - start;
    }
}
