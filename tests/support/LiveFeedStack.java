package livefeed.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import livefeed.api.PromApi;
import livefeed.connector.ConnectionPolicy;
import livefeed.connector.ConnectorConfig;
import livefeed.connector.ConnectorRun;
import livefeed.sim.SimulatedVenue;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;

/**
 * A real connector (in this process) feeding a real Prometheus that runs the rules of ops/prometheus, on free
 * loopback ports, for tests of what reads the dashboard's queries. Two venues, so that choosing one shows: {@code sim}
 * (its embedded simulated venue) and {@code binance}, connected to a second simulated venue that speaks Binance's
 * protocol. Scrapes and evaluates every second (ops/ says 5 s) so the recording rules have values within seconds.
 */
public record LiveFeedStack(SimulatedVenue binance, ConnectorRun connector, Process prometheus, int prometheusPort, Path dir)
        implements AutoCloseable {
    public static final List<String> VENUES = List.of("binance", "sim");

    public static LiveFeedStack start(Path dir) throws Exception {
        SimulatedVenue binance = new SimulatedVenue(List.of("BTCUSDT", "ETHUSDT"), 100, 9).start();
        ConnectorRun connector = ConnectorRun.start(new ConnectorConfig(List.of(
                new ConnectorConfig.VenueSpec("sim", List.of(), null),
                new ConnectorConfig.VenueSpec("binance", List.of("BTCUSDT", "ETHUSDT"), binance.endpoint())),
                Duration.ofSeconds(1), Duration.ofMillis(250), "127.0.0.1", 0, "none", false, false, null, 65536, 200, 42,
                ConnectionPolicy.defaults()));
        Path config = Files.createDirectories(dir.resolve("prometheus-config"));
        for (String rules : List.of("recording_rules.yml", "alerts.yml")) {
            Files.copy(Project.root().resolve("ops/prometheus").resolve(rules), config.resolve(rules));
        }
        int port = FreePorts.next();
        Files.writeString(config.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                  evaluation_interval: 1s
                rule_files: [recording_rules.yml, alerts.yml]
                scrape_configs:
                  - job_name: live_connector
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                  - job_name: prometheus
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """.formatted(connector.httpPort(), port));
        Process prometheus = new ProcessBuilder(new ToolFinder().require(Tool.PROMETHEUS).toString(),
                "--config.file=" + config.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        return new LiveFeedStack(binance, connector, prometheus, port, dir);
    }

    public URI prometheusUrl() {
        return URI.create("http://127.0.0.1:" + prometheusPort + "/");
    }

    public PromApi promApi() {
        return new PromApi(prometheusUrl());
    }

    /** Waits until every one of {@code queries} returns a series for each venue that has bars. */
    public void awaitSeries(List<String> queries, Duration timeout) {
        PromApi api = promApi();
        await("series for " + queries + " (Prometheus log: " + dir.resolve("prometheus.log") + ")").atMost(timeout).ignoreExceptions().until(() -> {
            if (!prometheus.isAlive()) {
                throw new AssertionError("Prometheus exited: " + log());
            }
            return queries.stream().allMatch(q -> !api.query(q).isEmpty());
        });
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
            prometheus.destroyForcibly();
        }
        connector.close();
        binance.close();
    }
}
