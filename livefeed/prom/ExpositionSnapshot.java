package livefeed.prom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import livefeed.cli.UsageException;

/**
 * The metric families the connector exposes on /metrics, as a snapshot file that lint checks rules and panels
 * against ({@code ops/prometheus/connector_exposition.txt}). One family per line: {@code name type labels}, labels
 * comma-separated or {@code -}; {@code #} starts a comment. A histogram family {@code x} stands for its series
 * {@code x_bucket} (with {@code le}), {@code x_sum} and {@code x_count}. Every scraped series also has {@code job}
 * and {@code instance}.
 */
public record ExpositionSnapshot(Map<String, Family> families) {

    public record Family(String name, String type, List<String> labels) {}

    /** A series name a query can select: its type for lint (counter, gauge, histogram) and its labels. */
    public record Series(String type, Set<String> labels) {}

    /** Series Prometheus itself writes for every target and alerting rule. */
    private static final Map<String, Series> SYNTHETIC = Map.of(
            "up", new Series("gauge", Set.of("job", "instance")),
            "scrape_duration_seconds", new Series("gauge", Set.of("job", "instance")),
            "scrape_samples_scraped", new Series("gauge", Set.of("job", "instance")),
            "ALERTS", new Series("gauge", Set.of("alertname", "alertstate")),
            "ALERTS_FOR_STATE", new Series("gauge", Set.of("alertname")));

    public static ExpositionSnapshot load(Path file) {
        Map<String, Family> families = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new UsageException(file + " does not exist: it lists the connector's metric families for lint");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        int n = 0;
        for (String line : lines) {
            n++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] parts = text.split("\\s+");
            if (parts.length != 3 || !Set.of("counter", "gauge", "histogram", "summary").contains(parts[1])) {
                throw new UsageException(file + ":" + n + ": expected 'name counter|gauge|histogram|summary labels',"
                        + " got '" + text + "'");
            }
            List<String> labels = parts[2].equals("-") ? List.of() : Arrays.asList(parts[2].split(","));
            families.put(parts[0], new Family(parts[0], parts[1], labels));
        }
        return new ExpositionSnapshot(families);
    }

    /** The series a selector of {@code name} selects, if the connector or Prometheus has it. */
    public Optional<Series> series(String name) {
        if (SYNTHETIC.containsKey(name)) {
            return Optional.of(SYNTHETIC.get(name));
        }
        Family family = families.get(name);
        if (family != null && !family.type().equals("histogram") && !family.type().equals("summary")) {
            return Optional.of(new Series(family.type(), scraped(family.labels())));
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                Family base = families.get(name.substring(0, name.length() - suffix.length()));
                if (base != null && (base.type().equals("histogram")
                        || base.type().equals("summary") && !suffix.equals("_bucket"))) {
                    Set<String> labels = scraped(base.labels());
                    if (suffix.equals("_bucket")) {
                        labels.add("le");
                    }
                    return Optional.of(new Series("counter", labels));
                }
            }
        }
        return Optional.empty();
    }

    private static Set<String> scraped(List<String> labels) {
        Set<String> all = new TreeSet<>(labels);
        all.add("job");
        all.add("instance");
        return all;
    }
}
