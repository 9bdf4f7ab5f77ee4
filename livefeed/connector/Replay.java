package livefeed.connector;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import livefeed.bars.Features;
import livefeed.cli.UsageException;
import livefeed.metrics.VenueMetrics;
import livefeed.venues.Venue;
import livefeed.venues.Venues;

/**
 * {@code connector.java replay}: frames from a file through the same parser, aggregator and features as the live
 * connector, as fast as it goes; at the end of input every bar that holds a trade has been written, and no flat bar.
 * Plain frame lines (as in the venue samples) are driven by the trades' own time: a bar closes once a trade is seen
 * past its end + grace. A recording ({@link FrameRecorder}) also carries the times the live run closed bars, and
 * replays them, so it rebuilds the live bars exactly; its lines of other venues are skipped. The output appears whole
 * or not at all (written aside, then moved into place).
 */
public final class Replay {
    private Replay() {}

    /** What a replay did. */
    public record Summary(long frames, long skipped, long bars) {}

    public static Summary run(String venueName, Path input, Path output, Duration interval, Duration grace)
            throws IOException {
        Venue venue;
        try {
            venue = Venues.byName(venueName, null);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--venue: " + e.getMessage());
        }
        if (!Files.isReadable(input)) {
            throw new UsageException("--input " + input + ": no such readable file");
        }
        Path dir = output.toAbsolutePath().getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + output.getFileName(), ".part");
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw new UsageException("--output " + output + ": cannot write in " + dir + ": pick a writable folder");
        }
        long[] bars = {0};
        long frames = 0, skipped = 0;
        try (BarSink sink = BarSink.parse("file:" + temp);
                BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            Features features = new Features((f, nanos) -> { }, () -> 0);
            VenueLane lane = VenueLane.replay(venue.name(), venue.newParser(), interval.toMillis(), grace.toMillis(),
                    new CountingBars(bars), features, sink);
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith(FrameRecorder.CLOSE)) {
                    lane.advance(Long.parseLong(line, 2, line.length(), 10));   // the live run closed bars here
                } else if (line.startsWith(FrameRecorder.FRAME)) {
                    int t1 = line.indexOf('\t', 2), t2 = t1 < 0 ? -1 : line.indexOf('\t', t1 + 1);
                    if (t2 < 0 || !line.substring(t1 + 1, t2).equals(venue.name())) {
                        skipped++;
                        continue;
                    }
                    frames++;
                    lane.process(line.substring(t2 + 1), Long.parseLong(line, 2, t1, 10));
                } else if (!line.isBlank()) {
                    frames++;
                    lane.processByTradeTime(line, 0);   // plain frames: trade time is the clock
                }
            }
            lane.flush();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Summary(frames, skipped, bars[0]);
    }

    /** Replay keeps no Prometheus metrics; it only counts the bars it wrote. */
    private record CountingBars(long[] bars) implements VenueMetrics {
        @Override
        public void barClosed(int symbol, double closeLagSeconds) {
            bars[0]++;
        }
    }
}
