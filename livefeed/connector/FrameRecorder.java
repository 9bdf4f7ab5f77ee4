package livefeed.connector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes every received frame, as received, with its receive time: one line
 * {@code R<TAB>receive-epoch-µs<TAB>venue<TAB>frame}. {@code replay} reads these lines (and plain frame lines), so a
 * live session replays into the same bars. Line breaks inside a frame (only possible as JSON whitespace) become
 * spaces, so a line is always one frame.
 */
public final class FrameRecorder implements AutoCloseable {
    public static final String PREFIX = "R\t";
    private final BufferedWriter out;

    public FrameRecorder(Path file) throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    public synchronized void write(String venue, long receivedMicros, String frame) {
        try {
            out.write(PREFIX);
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
