package livefeed.connector;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import livefeed.errors.InvalidInput;

/**
 * Where bar lines go: nowhere, stdout, or a file (appended). One JSON object per line. A write that fails (a full
 * disk, a closed pipe) does not lose the bars: they wait in a bounded backlog and are retried on every flush
 * ({@link RetryingLineWriter}), and the failure is on /healthz and in {@code feed_sink_errors_total}.
 */
public final class BarSink implements AutoCloseable {
    /** Bars kept for retry while the sink fails: about 200,000 bar lines. */
    static final long MAX_PENDING_BYTES = 64L << 20;

    private final WritableByteChannel channel;
    private final RetryingLineWriter out;
    private final boolean closeIt;

    private BarSink(WritableByteChannel channel, boolean closeIt) {
        this.channel = channel;
        this.out = channel == null ? null : new RetryingLineWriter("bar sink", channel, MAX_PENDING_BYTES);
        this.closeIt = closeIt;
    }

    /** {@code none}, {@code stdout} or {@code file:PATH}; an unwritable file is {@link livefeed.errors.InvalidInput}. */
    public static BarSink parse(String spec) {
        if (spec.equals("none")) {
            return new BarSink(null, false);
        }
        if (spec.equals("stdout")) {
            // The file descriptor itself, not System.out: a PrintStream swallows write errors, and they must be seen.
            return new BarSink(new FileOutputStream(FileDescriptor.out).getChannel(), false);
        }
        if (spec.startsWith("file:") && spec.length() > 5) {
            Path file = Path.of(spec.substring(5));
            try {
                return new BarSink(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE), true);
            } catch (IOException | RuntimeException e) {
                throw new InvalidInput("sink", spec + ": cannot write " + file.toAbsolutePath()
                        + " (" + e.getClass().getSimpleName() + "): pick a writable file");
            }
        }
        throw new InvalidInput("sink", spec + ": use none, stdout or file:PATH");
    }

    public boolean enabled() {
        return out != null;
    }

    public void write(String line) {
        if (out != null) {
            out.line(line);
        }
    }

    /** Writes what is waiting; a failure is kept for the next flush, never thrown. */
    public void flush() {
        if (out != null) {
            out.flush();
        }
    }

    /** Why bars are not being written, or null. */
    public String problem() {
        return out == null ? null : out.problem();
    }

    public long errors() {
        return out == null ? 0 : out.errors();
    }

    public long dropped() {
        return out == null ? 0 : out.droppedLines();
    }

    /** Bars not yet written (still waiting after the last flush). */
    public long pending() {
        return out == null ? 0 : out.pendingLines();
    }

    @Override
    public void close() {
        flush();
        if (closeIt) {
            try {
                channel.close();
            } catch (IOException e) {
                Log.info("sink: close failed: " + e.getMessage());
            }
        }
    }
}
