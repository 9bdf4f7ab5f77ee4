package livefeed.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import livefeed.errors.InvalidInput;
import livefeed.checks.OpsFiles;

/**
 * What the export reads from {@code ops/}: the one source of truth it translates, never edits.
 *
 * @param files where the files are (the project's ops/, or a copy under test)
 */
record OpsSource(OpsFiles files) {
    /** The scrape job whose series the rules and alerts select: fixed by the contract. */
    static final String JOB = "live_connector";

    Path alertmanagerTemplate() {
        return files.alertmanagerTemplate();
    }

    Path dashboard() {
        return files.dashboard();
    }

    /** The rule files prometheus.yml loads, in its order; globs (drill overrides, empty in operation) are not rules. */
    List<Path> ruleFiles() {
        List<Path> out = new ArrayList<>();
        for (JsonNode entry : prometheusConfig().path("rule_files")) {
            if (!entry.asText().contains("*")) {
                out.add(files.prometheus().resolve(entry.asText()));
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInput(files.prometheusConfig() + " lists no rule_files: restore it from git");
        }
        return out;
    }

    /** The connector job's scrape interval: its own, else the global one (as Prometheus reads it). */
    String scrapeInterval() {
        return jobSetting("scrape_interval");
    }

    String scrapeTimeout() {
        return jobSetting("scrape_timeout");
    }

    /** The uid of the Prometheus datasource the dashboard's panels name (provisioned by ops/grafana). */
    String datasourceUid() {
        Path file = files.grafanaDatasources().resolve("prometheus.yml");
        for (JsonNode source : read(file).path("datasources")) {
            if ("prometheus".equals(source.path("type").asText()) && source.hasNonNull("uid")) {
                return source.get("uid").asText();
            }
        }
        throw new InvalidInput(file + " has no Prometheus datasource with a uid: restore it from git");
    }

    private String jobSetting(String key) {
        JsonNode config = prometheusConfig();
        for (JsonNode job : config.path("scrape_configs")) {
            if (JOB.equals(job.path("job_name").asText()) && job.hasNonNull(key)) {
                return job.get(key).asText();
            }
        }
        JsonNode global = config.path("global").path(key);
        if (global.isMissingNode() || global.isNull()) {
            throw new InvalidInput(files.prometheusConfig() + " sets no " + key + " (global or for job " + JOB
                    + "): restore it from git");
        }
        return global.asText();
    }

    private JsonNode prometheusConfig() {
        return read(files.prometheusConfig());
    }

    private static JsonNode read(Path file) {
        try {
            return Manifests.WRITER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInput("ops", name -> file + " does not exist: run from the project root or pass " + name);
        } catch (IOException e) {
            throw new InvalidInput(file + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
    }
}
