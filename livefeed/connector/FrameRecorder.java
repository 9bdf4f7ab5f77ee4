package livefeed.connector;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records a live session so that {@code replay} rebuilds exactly its bars. Frames, as received, with their receive
 * time: {@code R<TAB>receive-epoch-µs<TAB>venue<TAB>frame} (data frames in the order the processing thread took them,
 * control frames as they came); and each time the processing thread closed bars, the clock it closed them at:
 * {@code C<TAB>epoch-ms}. Replaying frames and closes in this order makes the same late-trade decisions as the live
 * run, even under load. Frames the full queue dropped were never processed and are not recorded. Line breaks inside
 * a frame (only possible as JSON whitespace) become spaces, so a line is always one frame. A failing write (a full
 * disk) is retried from a bounded backlog and reported, never thrown ({@link RetryingLineWriter}).
 */
public final class FrameRecorder implements AutoCloseable {
    public static final String FRAME = "R\t";
    public static final String CLOSE = "C\t";
    /** Recorded lines kept for retry while the file cannot be written. */
    static final long MAX_PENDING_BYTES = 64L << 20;
    private final FileChannel file;
    private final RetryingLineWriter out;

    public FrameRecorder(Path path) throws IOException {
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        out = new RetryingLineWriter("recorder", file, MAX_PENDING_BYTES);
    }

    public void write(String venue, long receivedMicros, String frame) {
        String oneLine = frame.indexOf('\n') >= 0 || frame.indexOf('\r') >= 0
                ? frame.replace('\n', ' ').replace('\r', ' ') : frame;
        out.line(FRAME + receivedMicros + '\t' + venue + '\t' + oneLine);
    }

    /** The processing thread closed bars at {@code clockMillis} (the wall clock less any drill's close delay). */
    public void closedAt(long clockMillis) {
        out.line(CLOSE + clockMillis);
    }

    public void flush() {
        out.flush();
    }

    /** Why frames are not being recorded, or null. */
    public String problem() {
        return out.problem();
    }

    public long errors() {
        return out.errors();
    }

    public long dropped() {
        return out.droppedLines();
    }

    public long pending() {
        return out.pendingLines();
    }

    @Override
    public void close() {
        out.flush();
        try {
            file.close();
        } catch (IOException e) {
            Log.info("recorder: close failed: " + e.getMessage());
        }
    }
}
