package livefeed.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small Prometheus configuration in the layout of ops/prometheus (file-based discovery under targets/, rule files
 * recording_rules.yml, alerts.yml and overrides/*.yml) with 1 s intervals, for tests of the parts that run
 * Prometheus rather than of the rules themselves.
 */
public final class MiniPrometheusConfig {
    private MiniPrometheusConfig() {}

    public static Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files: [recording_rules.yml, alerts.yml, overrides/*.yml]
                    alerting:
                      alertmanagers:
                        - file_sd_configs: [{files: [targets/alertmanager.json], refresh_interval: 1s}]
                    scrape_configs:
                      - job_name: live_connector
                        file_sd_configs: [{files: [targets/live_connector.json], refresh_interval: 1s}]
                      - job_name: prometheus
                        file_sd_configs: [{files: [targets/prometheus.json], refresh_interval: 1s}]
                      - job_name: alertmanager
                        file_sd_configs: [{files: [targets/alertmanager.json], refresh_interval: 1s}]
                    """);
            Files.writeString(dir.resolve("recording_rules.yml"), """
                    groups:
                      - name: test_recording
                        rules:
                          - record: job:up:sum
                            expr: sum by (job) (up)
                    """);
            Files.writeString(dir.resolve("alerts.yml"), """
                    groups:
                      - name: test_alerts
                        rules:
                          - alert: Watchdog
                            expr: vector(1)
                            labels: {severity: none}
                            annotations: {summary: always firing}
                    """);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
