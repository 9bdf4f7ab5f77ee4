package livefeed.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Optional;
import livefeed.errors.InvalidInput;
import livefeed.sim.HostileVenue;
import livefeed.sim.HostileVenue.Misbehaviour;
import livefeed.sim.SimulatedVenue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay's bad input is a one-line usage error (exit 2) that leaves nothing behind, its output is never a symlink or
 * FIFO it replaced, and its summary says what it dropped and why.
 */
class ReplayInputTest {
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path temp;

    Path frames(String... lines) throws IOException {
        Path in = temp.resolve("frames.jsonl");
        Files.write(in, List.of(lines));
        return in;
    }

    Replay.Summary replay(Path in, Path out) throws IOException {
        return Replay.run("binance", in, out, Duration.ofSeconds(1), Duration.ofMillis(250));
    }

    List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    static String trade(long id, long time) {
        return SimulatedVenue.trade("BTCUSDT", id, 6_000_000, 100, false, time);
    }

    @Test
    void input_that_is_not_utf8_is_a_usage_error_naming_the_line() throws Exception {
        Path in = temp.resolve("frames.jsonl");
        byte[] good = (trade(1, T0) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
        Files.write(in, concat(good, bad));
        Path out = temp.resolve("bars.jsonl");
        InvalidInput e = assertThrows(InvalidInput.class, () -> replay(in, out));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("UTF-8"), e.getMessage());
        assertEquals(Optional.of("input"), e.setting());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(Files.exists(out));
        assertEquals(List.of(), leftovers(), "no .part file left");
    }

    @Test
    void a_folder_as_input_is_a_usage_error() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> replay(temp, temp.resolve("bars.jsonl")));
        assertEquals(Optional.of("input"), e.setting());
        assertTrue(e.getMessage().contains("folder"), e.getMessage());
    }

    @Test
    void a_bad_record_line_is_a_usage_error_naming_the_line_and_leaves_nothing() throws Exception {
        Path in = frames("R\t" + T0 * 1000 + "\tbinance\t" + trade(1, T0), "C\tnot-a-time");
        Path out = temp.resolve("bars.jsonl");
        InvalidInput e = assertThrows(InvalidInput.class, () -> replay(in, out));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void a_folder_as_output_is_refused_and_no_part_file_is_left() throws Exception {
        Path out = Files.createDirectory(temp.resolve("bars.jsonl"));
        Files.writeString(out.resolve("keep"), "x");
        InvalidInput e = assertThrows(InvalidInput.class, () -> replay(frames(trade(1, T0)), out));
        assertEquals(Optional.of("output"), e.setting(), e.getMessage());
        assertEquals(List.of(), leftovers());
        assertTrue(Files.exists(out.resolve("keep")));
    }

    @Test
    void a_symlink_as_output_is_refused_and_left_as_it_was() throws Exception {
        Path target = Files.writeString(temp.resolve("precious.txt"), "keep me");
        Path link = Files.createSymbolicLink(temp.resolve("bars.jsonl"), target);
        InvalidInput e = assertThrows(InvalidInput.class, () -> replay(frames(trade(1, T0)), link));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep me", Files.readString(target));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void a_fifo_as_output_is_refused_and_left_as_it_was() throws Exception {
        Path fifo = temp.resolve("bars.jsonl");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            Assumptions.abort("no mkfifo here");
            return;
        }
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        InvalidInput e = assertThrows(InvalidInput.class, () -> replay(frames(trade(1, T0)), fifo));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void the_summary_counts_malformed_late_duplicate_and_rejected_trades() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(trade(1, T0));
        lines.add(trade(2, T0 + 100));
        lines.add(trade(2, T0 + 200));                                             // duplicate
        lines.add(Misbehaviour.DEEP_NESTING.frame("BTCUSDT", 3, T0));              // malformed
        lines.add(Misbehaviour.TRUNCATED.frame("BTCUSDT", 3, T0));                 // malformed
        lines.add(Misbehaviour.ID_JUMP.frame("BTCUSDT", 3, T0 + 300));             // rejected
        lines.add(Misbehaviour.FAR_FUTURE_TIME.frame("BTCUSDT", 3, T0 + 300));     // rejected
        lines.add(trade(3, T0 + 5_000));                                           // closes the first bar
        lines.add(trade(4, T0 + 100));                                             // late
        Path out = temp.resolve("bars.jsonl");
        Replay.Summary s = replay(frames(lines.toArray(String[]::new)), out);
        assertEquals(9, s.frames());
        assertEquals(2, s.malformed());
        assertEquals(1, s.duplicate());
        assertEquals(2, s.rejected());
        assertEquals(1, s.late());
        assertEquals(3, s.trades());
        assertEquals(2, s.bars());
        assertFalse(Files.readString(out).contains("\"start\":41"), "no bar dated 2100");
    }

    @Test
    void the_hostile_catalogue_in_a_replay_file_is_counted_not_fatal() throws Exception {
        List<String> lines = new ArrayList<>();
        long id = 1;
        for (Misbehaviour m : Misbehaviour.values()) {
            lines.add(trade(id++, T0));
            if (m.outcome != HostileVenue.Outcome.CLOSES_CONNECTION) {
                lines.add(m.frame("BTCUSDT", id, T0));
            }
        }
        Replay.Summary s = replay(frames(lines.toArray(String[]::new)), temp.resolve("bars.jsonl"));
        assertEquals(Misbehaviour.values().length, s.trades());
        assertEquals(s.frames(), s.trades() + s.malformed() + s.rejected() + s.notTrades());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
