package livefeed.connector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import livefeed.cli.ExitCode;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.FeedTesting;
import livefeed.testsupport.InProcess;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code connector.java replay}, and {@code --record} on a live run replaying into the same bars. */
@CapturesStandardStreams
class ReplayTest {
    @TempDir
    Path temp;

    static Path sample(String venue) {
        return Project.root().resolve("tests/fixtures/venue-samples/" + venue + ".jsonl");
    }

    /** A bar line without its features: features depend on the bars before (flat bars live, none in replay). */
    static String barOnly(String line) {
        return line.replaceFirst(",\"features\":\\{[^}]*\\}", "");
    }

    @ParameterizedTest(name = "the {0} sample replays into its one bar")
    @CsvSource(delimiter = '|', value = {
        "binance  | {\"venue\":\"binance\",\"symbol\":\"BNBBTC\",\"start\":1672515782000,\"end\":1672515783000,\"open\":0.001,\"high\":0.001,\"low\":0.001,\"close\":0.001,\"volume\":100,\"buy_volume\":0,\"vwap\":0.001,\"trades\":1}",
        "coinbase | {\"venue\":\"coinbase\",\"symbol\":\"BTC-USD\",\"start\":1415348367000,\"end\":1415348368000,\"open\":400.23,\"high\":400.23,\"low\":400.23,\"close\":400.23,\"volume\":5.23512,\"buy_volume\":5.23512,\"vwap\":400.23,\"trades\":1}",
        "kraken   | {\"venue\":\"kraken\",\"symbol\":\"MATIC/USD\",\"start\":1695628177000,\"end\":1695628178000,\"open\":0.5117,\"high\":0.5117,\"low\":0.5117,\"close\":0.5117,\"volume\":40,\"buy_volume\":0,\"vwap\":0.5117,\"trades\":1}",
    })
    void a_venue_sample_replays_into_its_one_bar(String venue, String expected) throws Exception {
        Path out = temp.resolve("bars.jsonl");
        Replay.Summary summary = Replay.run(venue.trim(), sample(venue.trim()), out, Duration.ofSeconds(1),
                Duration.ofMillis(250));
        assertEquals(1, summary.bars());
        assertEquals(List.of(expected.trim()), Files.readAllLines(out).stream().map(ReplayTest::barOnly).toList());
    }

    @Test
    void a_recorded_live_session_replays_into_identical_bars_even_when_trades_came_late() throws Exception {
        Path record = temp.resolve("frames.rec");
        Path live = temp.resolve("live.jsonl");
        ConnectorConfig config = new ConnectorConfig(List.of(new ConnectorConfig.VenueSpec("sim", List.of(), null)),
                Duration.ofMillis(100), Duration.ofMillis(100), "127.0.0.1", 0, "file:" + live, false, false, record,
                65536, 1000, 11, ConnectionPolicy.defaults());
        try (ConnectorRun run = ConnectorRun.start(config)) {
            // Frames 150 ms late against 100 ms of grace: about half the trades miss their bar, live.
            run.faults().start(livefeed.faults.Faults.Kind.DELAY_FRAMES, null, 150, 60_000);
            String url = "http://127.0.0.1:" + run.httpPort() + "/metrics";
            await("30 bars and late trades").atMost(Duration.ofSeconds(30)).until(() -> {
                String m = FeedTesting.get(url).body();
                return FeedTesting.metric(m, "feed_bars_total", "") >= 30
                        && FeedTesting.metric(m, "feed_late_trades_total", "") >= 20;
            });
        }
        Path replayed = temp.resolve("replayed.jsonl");
        Replay.run("sim", record, replayed, Duration.ofMillis(100), Duration.ofMillis(100));

        List<String> liveBars = Files.readAllLines(live).stream().map(ReplayTest::barOnly)
                .filter(l -> !l.endsWith("\"trades\":0}")).toList();
        Map<String, String> replayedByKey = Files.readAllLines(replayed).stream().map(ReplayTest::barOnly)
                .collect(Collectors.toMap(ReplayTest::key, Function.identity()));
        assertTrue(liveBars.size() >= 20, "enough bars to compare: " + liveBars.size());
        for (String bar : liveBars) {
            assertEquals(bar, replayedByKey.get(key(bar)), "the replayed bar equals the live one");
        }
        assertFalse(Files.readAllLines(replayed).stream().anyMatch(l -> l.contains("\"trades\":0,")), "no flat bars");
    }

    static String key(String bar) {
        return bar.replaceFirst("^\\{\"venue\":\"([^\"]*)\",\"symbol\":\"([^\"]*)\",\"start\":(\\d+).*$", "$1 $2 $3");
    }

    @Test
    void the_replay_command_writes_bars_and_says_what_it_did() throws Exception {
        Path out = temp.resolve("bars.jsonl");
        Result result = InProcess.run("connector", "replay", "--venue", "kraken", "--input",
                sample("kraken").toString(), "--output", out.toString(), "--interval", "1s");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("replay: 9 frames"), result::toString);
        assertEquals(1, Files.readAllLines(out).size());
    }

    @ParameterizedTest(name = "replay with {0} exits 2 and leaves no output")
    @CsvSource(delimiter = '|', value = {
        "a missing input      | nasdaq-free | --venue=binance  | --input=/nonexistent.jsonl | --input /nonexistent.jsonl: no such readable file",
        "a folder as input    | x           | --venue=binance  | --input=FOLDER             | --input FOLDER is a folder",
        "an unknown venue     | x           | --venue=nasdaq   | --input=SAMPLE             | --venue: unknown venue 'nasdaq'",
        "an unwritable output | /nonexistent/dir/bars.jsonl | --venue=binance | --input=SAMPLE | --output /nonexistent/dir/bars.jsonl: cannot write in",
        "a bad interval       | x           | --venue=binance  | --input=SAMPLE --interval=0s | --interval 0s",
    })
    void replay_bad_input_is_exit_2(String what, String output, String venue, String input, String message) {
        Path out = output.trim().startsWith("/") ? Path.of(output.trim()) : temp.resolve("bars.jsonl");
        List<String> args = new java.util.ArrayList<>(List.of("replay", venue.trim(),
                "--output=" + out));
        for (String a : input.trim().split(" ")) {
            args.add(a.replace("SAMPLE", sample("binance").toString()).replace("FOLDER", temp.toString()));
        }
        message = message.replace("FOLDER", temp.toString());
        Result result = InProcess.run("connector", args.toArray(String[]::new));
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains(message), result::toString);
        assertFalse(Files.exists(out), "nothing written");
    }
}
