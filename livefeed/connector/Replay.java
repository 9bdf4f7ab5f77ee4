package livefeed.connector;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import livefeed.bars.Features;
import livefeed.errors.InvalidInput;
import livefeed.feed.FrameParser;
import livefeed.metrics.VenueMetrics;
import livefeed.venues.Venue;
import livefeed.venues.Venues;

/**
 * {@code connector.java replay}: frames from a file through the same parser, aggregator and features as the live
 * connector, as fast as it goes; at the end of input every bar that holds a trade has been written, and no flat bar.
 * Plain frame lines (as in the venue samples) are driven by the trades' own time: a bar closes once a trade is seen
 * past its end + grace. A recording ({@link FrameRecorder}) also carries the times the live run closed bars, and
 * replays them, so it rebuilds the live bars exactly; its lines of other venues are skipped. The output appears whole
 * or not at all (written aside, then moved into place; the aside file is removed on any failure). Bad input (not
 * UTF-8, a folder, a broken recording line, an output that is not a regular file) is an {@link InvalidInput}, one line.
 */
public final class Replay {
    private Replay() {}

    /**
     * What a replay did: frames read (of this venue), recorded lines of other venues skipped, bars written, trades
     * accepted into them, frames that carried no trades (acks, snapshots), and what was dropped: malformed frames,
     * late, duplicate and rejected (implausible) trades.
     */
    public record Summary(long frames, long skipped, long bars, long trades, long notTrades, long malformed, long late,
            long duplicate, long rejected) {}

    public static Summary run(String venueName, Path input, Path output, Duration interval, Duration grace)
            throws IOException {
        Venue venue;
        try {
            venue = Venues.byName(venueName, null);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("venue", ": " + e.getMessage());
        }
        if (Files.isDirectory(input)) {
            throw new InvalidInput("input", input + " is a folder: give the file of frames to replay");
        }
        if (!Files.isReadable(input)) {
            throw new InvalidInput("input", input + ": no such readable file");
        }
        checkOutput(output);
        Path dir = output.toAbsolutePath().getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + output.getFileName(), ".part");
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw new InvalidInput("output", output + ": cannot write in " + dir + ": pick a writable folder");
        }
        Counts counts = new Counts();
        long frames = 0, skipped = 0, notTrades = 0, lineNumber = 0;
        boolean done = false;
        try (BarSink sink = BarSink.parse("file:" + temp);
                BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            Features features = new Features((f, nanos) -> { }, () -> 0);
            VenueLane lane = VenueLane.replay(venue.name(), venue.newParser(), interval.toMillis(), grace.toMillis(),
                    counts, features, sink);
            lane.setWallClock(System.currentTimeMillis());
            for (String line; (line = readLine(in, input, lineNumber + 1)) != null; ) {
                lineNumber++;
                int result = FrameParser.NOT_TRADES;
                if (line.startsWith(FrameRecorder.CLOSE)) {
                    lane.advance(number(line, 2, line.length(), input, lineNumber));   // the live run closed bars here
                    continue;
                } else if (line.startsWith(FrameRecorder.FRAME)) {
                    int t1 = line.indexOf('\t', 2), t2 = t1 < 0 ? -1 : line.indexOf('\t', t1 + 1);
                    if (t2 < 0) {
                        throw badLine(input, lineNumber, line);
                    }
                    long receivedMicros = number(line, 2, t1, input, lineNumber);
                    if (!line.substring(t1 + 1, t2).equals(venue.name())) {
                        skipped++;
                        continue;
                    }
                    frames++;
                    String frame = line.substring(t2 + 1);
                    result = processOne(lane, frame, () -> lane.process(frame, receivedMicros));
                } else if (!line.isBlank()) {
                    frames++;
                    String frame = line;
                    result = processOne(lane, frame, () -> lane.processByTradeTime(frame, 0));   // trade time is the clock
                }
                if (result == FrameParser.NOT_TRADES) {
                    notTrades++;
                }
            }
            lane.flush();
            sink.flush();
            if (sink.problem() != null) {
                throw new IOException("cannot write " + output + ": " + sink.problem());
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
        try {
            Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return new Summary(frames, skipped, counts.bars, counts.trades, notTrades, counts.malformed, counts.late,
                counts.duplicate, counts.rejected);
    }

    /**
     * Replay replaces its output whole (written aside, then renamed over it): a symbolic link, a FIFO or a device
     * given as {@code --output} would be replaced by a file, so it is refused, and left as it is.
     */
    private static void checkOutput(Path output) {
        if (Files.isSymbolicLink(output)) {
            throw new InvalidInput("output", output + " is a symbolic link: replay replaces its output whole, "
                    + "so give a regular file or a new name");
        }
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInput("output", output + " is not a regular file (a folder, FIFO or device): "
                    + "give a regular file or a new name");
        }
    }

    /** One frame; one whose processing throws is that frame's failure (counted as malformed), as live. */
    private static int processOne(VenueLane lane, String frame, java.util.function.IntSupplier step) {
        try {
            return step.getAsInt();
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            lane.frameFailed(frame, e);
            return FrameParser.MALFORMED;
        }
    }

    private static String readLine(BufferedReader in, Path input, long lineNumber) throws IOException {
        try {
            return in.readLine();
        } catch (CharacterCodingException e) {
            throw new InvalidInput("input", input + " line " + firstLineNotUtf8(input, lineNumber)
                    + " is not UTF-8 text: give a file of frames or a recording, as written");
        }
    }

    /**
     * The number of the first line at or after {@code from} that is not UTF-8 (the reader decodes ahead of the line
     * it returns, so its failure does not say which line). Only on the error path.
     */
    private static long firstLineNotUtf8(Path input, long from) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(input))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long number = 1;
            for (int b; ; ) {
                b = in.read();
                if (b == '\n' || b < 0) {
                    if (number >= from) {
                        try {
                            utf8.decode(ByteBuffer.wrap(line.toByteArray()));
                        } catch (CharacterCodingException e) {
                            return number;
                        }
                    }
                    if (b < 0) {
                        return from;
                    }
                    line.reset();
                    number++;
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            return from;
        }
    }

    private static long number(String line, int from, int to, Path input, long lineNumber) {
        try {
            return Long.parseLong(line, from, to, 10);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw badLine(input, lineNumber, line);
        }
    }

    private static InvalidInput badLine(Path input, long lineNumber, String line) {
        return new InvalidInput("input", input + " line " + lineNumber + " is not a recording line "
                + "(R<TAB>receive-µs<TAB>venue<TAB>frame or C<TAB>epoch-ms): "
                + (line.length() > 80 ? line.substring(0, 80) + "..." : line).replace('\t', ' '));
    }

    /** Replay keeps no Prometheus metrics; it counts what the lane reports, for its summary. */
    private static final class Counts implements VenueMetrics {
        long bars, trades, malformed, late, duplicate, rejected;

        @Override
        public void barClosed(int symbol, double closeLagSeconds) {
            bars++;
        }

        @Override
        public void tradeAccepted(int symbol) {
            trades++;
        }

        @Override
        public void parseError() {
            malformed++;
        }

        @Override
        public void lateTrade(int symbol) {
            late++;
        }

        @Override
        public void duplicateTrade(int symbol) {
            duplicate++;
        }

        @Override
        public void rejectedTrade(int symbol, int reason) {
            rejected++;
        }
    }
}
