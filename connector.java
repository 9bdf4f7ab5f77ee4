///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Live feed connector: venue WebSocket feeds to trades, time bars and features, with /healthz and /metrics.
//DEPS info.picocli:picocli:4.7.7
//SOURCES livefeed/cli/*.java
//SOURCES livefeed/errors/*.java
//SOURCES livefeed/secrets/*.java
//SOURCES livefeed/feed/*.java
//SOURCES livefeed/venues/*.java
//SOURCES livefeed/bars/*.java
//SOURCES livefeed/metrics/*.java
//SOURCES livefeed/faults/*.java
//SOURCES livefeed/sim/*.java
//SOURCES livefeed/connector/*.java
//SOURCES livefeed/bench/*.java

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import livefeed.bench.ConnectorBench;
import livefeed.bench.SoakBench;
import livefeed.cli.ExitCode;
import livefeed.cli.CommandLines;
import livefeed.cli.UsageException;
import livefeed.cli.VersionProvider;
import livefeed.connector.ConnectionPolicy;
import livefeed.connector.ConnectorDefaults;
import livefeed.connector.ConnectorConfig;
import livefeed.connector.ConnectorRun;
import livefeed.connector.Durations;
import livefeed.connector.Log;
import livefeed.connector.StopSignals;
import livefeed.connector.SettingNames;
import livefeed.connector.TrustedCertificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "connector", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Runs the live feed connector: venue trades -> time bars -> features -> sink, with /metrics and "
                + "/healthz on --port. With no arguments it streams from the embedded simulated venue.",
                "Stops cleanly on SIGTERM or Ctrl-C: intake stops, the queue drains, the sink is flushed, exit 0"
                + " (1, saying how many, if frames or bars were left unprocessed or unwritten)."},
        subcommands = {connector.Replay.class, connector.Bench.class, connector.Soak.class})
public class connector implements Callable<Integer> {

    @Option(names = "--venue", paramLabel = "NAME[=SYMBOLS]",
            description = "Venue to connect to: sim (embedded, default), binance, coinbase, kraken; repeat for several. "
                    + "NAME=S1,S2 gives that venue's symbols.")
    List<String> venues = new ArrayList<>();

    @Option(names = "--symbols", paramLabel = "S1,S2", description = "Symbols, as the venue spells them "
            + "(BTCUSDT, BTC-USD, BTC/USD), for venues given without =SYMBOLS. Default: a few per venue.")
    String symbols;

    @Option(names = "--endpoint", paramLabel = "NAME=URL",
            description = "Connect NAME to URL instead of its public endpoint (a local replay server, a proxy).")
    List<String> endpoints = new ArrayList<>();

    @Option(names = "--interval", defaultValue = ConnectorDefaults.BAR_INTERVAL, description = "Bar interval (default ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--grace", defaultValue = ConnectorDefaults.BAR_GRACE,
            description = "Wait after a bar's end before closing it (default ${DEFAULT-VALUE}).")
    String grace;

    @Option(names = "--port", defaultValue = "8000", description = "HTTP port of /metrics and /healthz (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to serve HTTP on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--sink", defaultValue = "none", description = "Where bars go: none, stdout or file:PATH (default ${DEFAULT-VALUE}).")
    String sink;

    @Option(names = "--record", paramLabel = "FILE", description = "Record every received frame with its receive time, for replay.")
    Path record;

    @Option(names = "--faults", description = "Serve the fault-injection API on /faults (also: LIVEFEED_FAULTS=true). Off by default.")
    boolean faults;

    @Option(names = "--faults-allow-remote", description = "Let non-loopback peers use /faults.")
    boolean faultsAllowRemote;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "wss:// venue connections trust the CA certificates in this PEM file instead of the JVM's list "
                    + "(a local TLS server, a proxy); host names are still verified.")
    Path caFile;

    @Option(names = "--queue-capacity", defaultValue = "65536", description = "Ingest queue capacity in frames (default ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--queue-bytes", defaultValue = "67108864", paramLabel = "N",
            description = "Ingest queue bound in bytes (characters) of frames waiting (default ${DEFAULT-VALUE}, 64 MiB).")
    long queueBytes;

    @Option(names = "--idle-timeout", defaultValue = ConnectorDefaults.IDLE_DATA_TIMEOUT,
            description = "No data frame for this long: the feed is stale (503) and is reconnected (default ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(names = "--sim-rate", defaultValue = ConnectorDefaults.SIM_RATE, description = "Simulated venue: trades per second, all symbols (default ${DEFAULT-VALUE}).")
    double simRate;

    @Option(names = "--sim-seed", defaultValue = "42", description = "Simulated venue: random-walk seed (default ${DEFAULT-VALUE}).")
    long simSeed;

    public static void main(String... args) {
        System.exit(CommandLines.run(new connector(), args));
    }

    @Override
    public Integer call() throws Exception {
        ConnectorConfig config = config();
        var stop = StopSignals.install();
        ConnectorRun run = ConnectorRun.start(config);
        stop.await();
        Log.info("connector: stopping (intake stops, the queue drains, the sink is flushed)");
        run.close();
        if (run.lostAtClose() > 0) {
            Log.info("connector: stopped, but " + run.lostAtClose() + " frames or bars were not processed or written"
                    + " (see above)");
            return ExitCode.FAILED;
        }
        Log.info("connector: stopped");
        return ExitCode.OK;
    }

    private ConnectorConfig config() {
        Duration barInterval = duration("--interval", interval, true);
        Duration graceTime = duration("--grace", grace, false);
        Duration idle = duration("--idle-timeout", idleTimeout, false);
        if (port < 0 || port > 65535) {
            throw new UsageException("--port " + port + ": use 0..65535");
        }
        if (queueCapacity < 1 || queueCapacity > 10_000_000) {
            throw new UsageException("--queue-capacity " + queueCapacity + ": use 1..10000000");
        }
        if (queueBytes < 1024) {
            throw new UsageException("--queue-bytes " + queueBytes + ": use 1024 or more (bytes of frames waiting)");
        }
        if (simRate < 0) {
            throw new UsageException("--sim-rate " + simRate + ": use a rate of 0 or more trades per second");
        }
        List<String> defaultSymbols = symbols == null ? List.of()
                : Arrays.stream(symbols.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<ConnectorConfig.VenueSpec> specs = new ArrayList<>();
        for (String v : venues.isEmpty() ? List.of("sim") : venues) {
            int eq = v.indexOf('=');
            String name = eq < 0 ? v : v.substring(0, eq);
            List<String> syms = eq < 0 ? defaultSymbols
                    : Arrays.stream(v.substring(eq + 1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            specs.add(new ConnectorConfig.VenueSpec(name, syms, endpointFor(name)));
        }
        boolean faultsOn = faults || "true".equalsIgnoreCase(System.getenv("LIVEFEED_FAULTS"));
        return new ConnectorConfig(specs, barInterval, graceTime, bind, port, sink, faultsOn, faultsAllowRemote,
                record, queueCapacity, simRate, simSeed, ConnectionPolicy.defaults().withIdleDataTimeout(idle)
                        .withTls(caFile == null ? null : TrustedCertificates.load(caFile)), queueBytes,
                connector::flagFor);
    }

    /** The flags the running connector's advice names (a fault API that is off, a remote peer, a CA to trust). */
    static String flagFor(String setting) {
        return switch (setting) {
            case "faults" -> "--faults (or LIVEFEED_FAULTS=true)";
            case "faults allow remote" -> "--faults-allow-remote";
            case "ca file" -> "--ca-file";
            default -> SettingNames.IN_DOMAIN_WORDS.apply(setting);
        };
    }

    private URI endpointFor(String venue) {
        for (String e : endpoints) {
            int eq = e.indexOf('=');
            if (eq < 0) {
                throw new UsageException("--endpoint " + e + ": write NAME=URL, e.g. binance=ws://127.0.0.1:9000");
            }
            if (e.substring(0, eq).equals(venue)) {
                try {
                    URI uri = URI.create(e.substring(eq + 1));
                    if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
                        throw new IllegalArgumentException("not a ws:// or wss:// URL");
                    }
                    return uri;
                } catch (IllegalArgumentException ex) {
                    throw new UsageException("--endpoint " + e + ": " + ex.getMessage());
                }
            }
        }
        return null;
    }

    static Duration duration(String option, String text, boolean barInterval) {
        try {
            return barInterval ? Durations.barInterval(text) : Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " " + text + ": " + e.getMessage());
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Replays recorded frames into bars, driven by the trades' own time, as fast as it goes.",
                    "Reads one WebSocket text frame per line (as in the venue samples) or the lines --record writes;"
                    + " writes one bar per line; no flat bars."})
    static class Replay implements Callable<Integer> {
        @Option(names = "--venue", required = true, description = "binance, coinbase or kraken (or sim: Binance-shaped).")
        String venue;

        @Option(names = "--input", required = true, paramLabel = "FRAMES.jsonl", description = "Frames to replay.")
        Path input;

        @Option(names = "--output", required = true, paramLabel = "BARS.jsonl", description = "Bars, one JSON object per line (replaced whole).")
        Path output;

        @Option(names = "--interval", defaultValue = ConnectorDefaults.BAR_INTERVAL, description = "Bar interval (default ${DEFAULT-VALUE}).")
        String interval;

        @Option(names = "--grace", defaultValue = ConnectorDefaults.BAR_GRACE, description = "As live: a bar closes once trade time passes end + grace (default ${DEFAULT-VALUE}).")
        String grace;

        @Override
        public Integer call() throws Exception {
            var summary = livefeed.connector.Replay.run(venue, input, output, duration("--interval", interval, true),
                    duration("--grace", grace, false));
            System.err.printf("replay: %d frames (%d recorded lines of other venues skipped) -> %d trades in %d bars in"
                    + " %s; dropped: %d malformed frames, %d late, %d duplicate and %d rejected (implausible) trades;"
                    + " %d frames without trades%n", summary.frames(), summary.skipped(), summary.trades(),
                    summary.bars(), output, summary.malformed(), summary.late(), summary.duplicate(),
                    summary.rejected(), summary.notTrades());
            return ExitCode.OK;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"Measures the in-process pipeline (trades/s, metrics on and off, bytes per trade), end to end"
                    + " over loopback from the simulated venue against an empty client, and /metrics scrapes."})
    static class Bench implements Callable<Integer> {
        @Option(names = "--json", description = "Print the figures as JSON.")
        boolean json;

        @Option(names = "--quick", description = "Fewer rounds (a smoke run, not figures to quote).")
        boolean quick;

        @Option(names = "--part", split = ",", paramLabel = "PART",
                description = "Only these parts: pipeline, end-to-end, scrape, slow-clients (default: all).")
        List<String> parts = ConnectorBench.PARTS;

        @Override
        public Integer call() throws Exception {
            for (String part : parts) {
                if (!ConnectorBench.PARTS.contains(part)) {
                    throw new UsageException("--part " + part + ": use pipeline, end-to-end, scrape or slow-clients");
                }
            }
            var result = ConnectorBench.run(quick, parts);
            System.out.println(json ? new ObjectMapper().writeValueAsString(result)
                    : ConnectorBench.table(result));
            return ExitCode.OK;
        }
    }

    @Command(name = "soak", mixinStandardHelpOptions = true,
            description = {"Soak benchmark: the hostile venue (a real WebSocket server with a catalogue of bad frames)"
                    + " streams to the real connector, both in this process, at --rate frames/s with --bad-percent bad"
                    + " frames, for --duration. Prints the live heap after a full GC, the thread count and the counters"
                    + " at each sample, and whether every bad frame was counted; exit 1 if one was not."})
    static class Soak implements Callable<Integer> {
        @Option(names = "--rate", defaultValue = "50000", description = "Frames per second (default ${DEFAULT-VALUE}).")
        double rate;

        @Option(names = "--bad-percent", defaultValue = "1", description = "Percent of bad frames (default ${DEFAULT-VALUE}).")
        double badPercent;

        @Option(names = "--duration", defaultValue = "10m", description = "How long to stream (default ${DEFAULT-VALUE}).")
        String duration;

        @Option(names = "--seed", defaultValue = "7", description = "Seed of the frame mix (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--json", description = "Print the figures as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (rate <= 0 || badPercent < 0 || badPercent > 100) {
                throw new UsageException("--rate " + rate + " --bad-percent " + badPercent
                        + ": use a positive rate and a percentage of 0 to 100");
            }
            Duration length = connector.duration("--duration", duration, false);
            if (length.toSeconds() < 1) {
                throw new UsageException("--duration " + duration + ": use at least 1s");
            }
            var result = SoakBench.run(rate, badPercent / 100, length, seed);
            System.out.println(json ? new ObjectMapper().writeValueAsString(result) : SoakBench.table(result));
            return result.everyBadFrameCounted() ? ExitCode.OK : ExitCode.FAILED;
        }
    }
}
