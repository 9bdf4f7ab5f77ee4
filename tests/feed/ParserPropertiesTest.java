package livefeed.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.bars.Features;
import livefeed.connector.BarSink;
import livefeed.connector.VenueLane;
import livefeed.metrics.VenueMetrics;
import livefeed.testsupport.Project;
import livefeed.venues.Venues;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Every real sample frame of every venue, mutated (truncated, nested, a value swapped for another type, numbers made
 * huge, the text mis-encoded): no exception escapes a parser or a lane, and the lane's counters add up.
 *
 * <p>Property-based with QuickTheories inside plain JUnit 5 tests: a fixed seed per property (the same examples on
 * every run), and on a failure the shrunk counterexample, the other falsifying values, the cause's stack trace and the
 * seed are in the assertion's message. Each property counts the examples it ran, checks there were at least as many
 * as asked for and publishes the count (shown on the test's line).
 */
class ParserPropertiesTest {
    static final List<String> VENUES = List.of("binance", "coinbase", "kraken");

    /** One sample frame and the venue it came from. */
    record Sample(String venue, String frame) {}

    /** A mutated frame, and the mutation (for the report of a failing try). */
    record Mutated(String venue, String mutation, String frame) {
        @Override
        public String toString() {
            return venue + " " + mutation + ": " + (frame.length() > 300 ? frame.substring(0, 300) + "..." : frame);
        }
    }

    static final List<Sample> SAMPLES = samples();

    static List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (String venue : VENUES) {
            try {
                for (String line : Files.readAllLines(
                        Project.root().resolve("tests/fixtures/venue-samples/" + venue + ".jsonl"))) {
                    if (!line.isBlank()) {
                        out.add(new Sample(venue, line));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static final Pattern VALUE = Pattern.compile(":\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*|true|false|null)");
    static final Pattern DIGITS = Pattern.compile("[0-9]+");
    static final List<String> REPLACEMENTS = List.of("true", "false", "null", "{}", "[]", "\"\"", "\"x\"", "-1", "0",
            "1e400", "-0.0", "\"\\ud800\"", "9223372036854775808", "-9223372036854775809", "\"" + "9".repeat(400) + "\"",
            "1" + "0".repeat(400), "[" + "[".repeat(5000) + "]".repeat(5000) + "]");

    /** Examples per property, and the fixed seeds (any change of seed or generator gives other examples). */
    static final int EXAMPLES_PER_FRAME = 2000, EXAMPLES_PER_STREAM = 300;
    static final long SEED_PER_FRAME = 0x5eed_f4a3_e001L, SEED_PER_STREAM = 0x5eed_f4a3_e002L;

    /**
     * A theory with a fixed seed. QuickTheories skips an example equal to one it already ran (here its first boundary
     * examples, the shrink target and the minimum, are one), so it is asked for 1% more than the property needs, and
     * {@link #ranAtLeast} checks the count. Shrink cycles are bounded so that a failing property ends in seconds.
     */
    static QuickTheory theory(long seed, int examples) {
        return qt().withFixedSeed(seed).withExamples(examples + examples / 100).withShrinkCycles(5 * examples);
    }

    /** Publishes to the running test (a test method's parameter would show in its display name). */
    private TestReporter reporter;

    @BeforeEach
    void reporter(TestReporter reporter) {
        this.reporter = reporter;
    }

    /** A mutated sample frame: which sample, which mutation, where, how deep, and which replacement value. */
    static Gen<Mutated> mutated() {
        Gen<Sample> sample = Generate.pick(SAMPLES);
        Gen<Integer> kind = integers().between(0, 8);
        Gen<Integer> where = integers().between(0, 1 << 20);
        Gen<Integer> depth = integers().between(1, 30_000);
        Gen<String> replacement = Generate.pick(REPLACEMENTS);
        return sample.zip(kind, where, depth, replacement, ParserPropertiesTest::mutate);
    }

    static Mutated mutate(Sample s, int kind, int where, int depth, String replacement) {
        String f = s.frame();
        return switch (kind) {
            case 0 -> new Mutated(s.venue(), "truncated", f.substring(0, where % (f.length() + 1)));
            case 1 -> new Mutated(s.venue(), "wrapped " + depth + " deep", "[".repeat(depth) + f + "]".repeat(depth));
            case 2 -> new Mutated(s.venue(), "a field nested " + depth + " deep", f.startsWith("{") && f.length() > 2
                    ? "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "," + f.substring(1) : f);
            case 3 -> new Mutated(s.venue(), "a value swapped for " + replacement, replaceNth(VALUE, f, where,
                    m -> ":" + replacement));
            case 4 -> new Mutated(s.venue(), "digits made huge", replaceNth(DIGITS, f, where,
                    m -> m.group() + "9".repeat(30 + where % 400)));
            case 5 -> new Mutated(s.venue(), "UTF-8 read as Latin-1",
                    new String(("é" + f + "€").getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            case 6 -> new Mutated(s.venue(), "UTF-16 read as Latin-1",
                    new String(f.getBytes(StandardCharsets.UTF_16), StandardCharsets.ISO_8859_1));
            case 7 -> {
                int at = where % (f.length() + 1);
                yield new Mutated(s.venue(), "a lone surrogate inserted",
                        f.substring(0, at) + (where % 2 == 0 ? "\ud800" : "\\ud800") + f.substring(at));
            }
            default -> {
                int at = where % (f.length() + 1);
                yield new Mutated(s.venue(), "a control character inserted",
                        f.substring(0, at) + (char) (where % 32) + f.substring(at));
            }
        };
    }

    static String replaceNth(Pattern p, String text, int n, java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return text;
        }
        int[] span = spans.get(n % spans.size());
        Matcher one = p.matcher(text);
        one.find(span[0]);
        return text.substring(0, span[0]) + with.apply(one) + text.substring(span[1]);
    }

    @Test
    void no_exception_escapes_a_parser() {
        AtomicInteger examples = new AtomicInteger();
        theory(SEED_PER_FRAME, EXAMPLES_PER_FRAME).forAll(mutated()).checkAssert(m -> {
            examples.incrementAndGet();
            for (String venue : VENUES) {   // every parser sees every venue's frames: a parser meets foreign frames too
                FrameParser parser = Venues.byName(venue, null).newParser();
                int result = parser.parse(m.frame(), new TradeBatch());
                assertTrue(result == FrameParser.TRADES || result == FrameParser.NOT_TRADES
                        || result == FrameParser.MALFORMED, "result " + result);
            }
        });
        ranAtLeast(EXAMPLES_PER_FRAME, examples.get());
    }

    /** Publishes the number of examples run (shown on the test's line) and checks it reached the number needed. */
    void ranAtLeast(int asked, int ran) {
        reporter.publishEntry("examples", String.valueOf(ran));
        assertTrue(ran >= asked, "ran " + ran + " examples, fewer than the " + asked + " asked for");
    }

    /** Counts every outcome a lane reports. */
    static final class Counting implements VenueMetrics {
        final AtomicLong malformed = new AtomicLong(), accepted = new AtomicLong(), late = new AtomicLong(),
                duplicate = new AtomicLong(), rejected = new AtomicLong();

        @Override
        public void parseError() {
            malformed.incrementAndGet();
        }

        @Override
        public void tradeAccepted(int symbol) {
            accepted.incrementAndGet();
        }

        @Override
        public void lateTrade(int symbol) {
            late.incrementAndGet();
        }

        @Override
        public void duplicateTrade(int symbol) {
            duplicate.incrementAndGet();
        }

        @Override
        public void rejectedTrade(int symbol, int reason) {
            rejected.incrementAndGet();
        }
    }

    @Test
    void a_lanes_counters_add_up_over_a_stream_of_mutated_and_real_frames() {
        AtomicInteger examples = new AtomicInteger();
        theory(SEED_PER_STREAM, EXAMPLES_PER_STREAM).forAll(lists().of(mutated()).ofSizeBetween(1, 30))
                .checkAssert(stream -> {
                    examples.incrementAndGet();
                    countersAddUp(stream);
                });
        ranAtLeast(EXAMPLES_PER_STREAM, examples.get());
    }

    static void countersAddUp(List<Mutated> stream) {
        for (String venue : VENUES) {
            Counting counts = new Counting();
            VenueLane lane = VenueLane.replay(venue, Venues.byName(venue, null).newParser(), 1000, 250, counts,
                    new Features((f, n) -> { }, () -> 0), BarSink.parse("none"));
            FrameParser reference = Venues.byName(venue, null).newParser();
            TradeBatch batch = new TradeBatch();
            long frames = 0, tradeFrames = 0, controls = 0, malformed = 0, trades = 0;
            List<String> all = new ArrayList<>();
            for (Mutated m : stream) {
                all.add(m.frame());
            }
            all.addAll(SAMPLES.stream().filter(s -> s.venue().equals(venue)).map(Sample::frame).toList());
            for (String frame : all) {
                frames++;
                switch (reference.parse(frame, batch)) {
                    case FrameParser.TRADES -> {
                        tradeFrames++;
                        trades += batch.size();
                    }
                    case FrameParser.NOT_TRADES -> controls++;
                    default -> malformed++;
                }
                lane.processByTradeTime(frame, 0);
            }
            lane.flush();
            assertEquals(frames, tradeFrames + controls + malformed, "frames = trades + controls + malformed");
            assertEquals(malformed, counts.malformed.get(), "every malformed frame counted once");
            assertEquals(trades, counts.accepted.get() + counts.late.get() + counts.duplicate.get()
                    + counts.rejected.get(), "every trade accepted, late, duplicate or rejected");
        }
    }
}
