package livefeed.connector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records a live session so that {@code replay} rebuilds exactly its bars. Frames, as received, with their receive
 * time: {@code R<TAB>receive-epoch-µs<TAB>venue<TAB>frame} (data frames in the order the processing thread took them,
 * control frames as they came); and each time the processing thread closed bars, the clock it closed them at:
 * {@code C<TAB>epoch-ms}. Replaying frames and closes in this order makes the same late-trade decisions as the live
 * run, even under load. Frames the full queue dropped were never processed and are not recorded. Line breaks inside
 * a frame (only possible as JSON whitespace) become spaces, so a line is always one frame.
 */
public final class FrameRecorder implements AutoCloseable {
    public static final String FRAME = "R\t";
    public static final String CLOSE = "C\t";
    private final BufferedWriter out;

    public FrameRecorder(Path file) throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    public synchronized void write(String venue, long receivedMicros, String frame) {
        try {
            out.write(FRAME);
            out.write(Long.toString(receivedMicros));
            out.write('\t');
            out.write(venue);
            out.write('\t');
            out.write(frame.indexOf('\n') >= 0 || frame.indexOf('\r') >= 0
                    ? frame.replace('\n', ' ').replace('\r', ' ') : frame);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The processing thread closed bars at {@code clockMillis} (the wall clock less any drill's close delay). */
    public synchronized void closedAt(long clockMillis) {
        try {
            out.write(CLOSE);
            out.write(Long.toString(clockMillis));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            Log.info("recorder: flush failed: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            Log.info("recorder: close failed: " + e.getMessage());
        }
    }
}
