package livefeed.checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.errors.InvalidInput;

/**
 * The metric families the connector exposes on /metrics, as a snapshot file that lint checks rules and panels
 * against ({@code ops/prometheus/connector_exposition.txt}). One family per line: {@code name type labels}, labels
 * comma-separated or {@code -}; {@code #} starts a comment. A histogram family {@code x} stands for its series
 * {@code x_bucket} (with {@code le}), {@code x_sum} and {@code x_count}. Every scraped series also has {@code job}
 * and {@code instance}.
 */
public record ExpositionSnapshot(Map<String, Family> families) {

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

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
            throw new InvalidInput(file + " does not exist: it lists the connector's metric families for lint");
        } catch (IOException e) {
            throw new InvalidInput("cannot read " + file + ": " + e.getMessage());
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
                throw new InvalidInput(file + ":" + n + ": expected 'name counter|gauge|histogram|summary labels',"
                        + " got '" + text + "'");
            }
            List<String> labels = parts[2].equals("-") ? List.of() : Arrays.asList(parts[2].split(","));
            families.put(parts[0], new Family(parts[0], parts[1], labels));
        }
        return new ExpositionSnapshot(families);
    }

    /**
     * The families of a Prometheus text exposition (what /metrics serves): {@code # TYPE} lines give name and type
     * (a counter is named with its {@code _total}, as PromQL sees it), samples give the label names (less
     * {@code le} and {@code quantile}).
     */
    public static ExpositionSnapshot parseExposition(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        Map<String, String> sampleToFamily = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("# TYPE ")) {
                String[] parts = l.split("\\s+");
                if (parts.length < 4) {
                    continue;
                }
                String name = parts[3].equals("counter") && !parts[2].endsWith("_total") ? parts[2] + "_total" : parts[2];
                String type = parts[3].equals("untyped") || parts[3].equals("unknown") ? "gauge" : parts[3];
                families.put(name, new Family(name, type, List.of()));
                labels.put(name, new TreeSet<>());
                for (String suffix : List.of("", "_total", "_bucket", "_sum", "_count", "_created")) {
                    sampleToFamily.putIfAbsent(parts[2] + suffix, name);
                }
            } else if (!l.isEmpty() && !l.startsWith("#")) {
                int brace = l.indexOf('{');
                int space = l.indexOf(' ');
                String sample = brace > 0 && (space < 0 || brace < space) ? l.substring(0, brace) : l.substring(0, Math.max(space, 0));
                String family = sampleToFamily.get(sample);
                if (family != null && brace > 0) {
                    Matcher m = LABEL.matcher(
                            l.substring(brace, l.lastIndexOf('}') + 1));
                    while (m.find()) {
                        if (!m.group(1).equals("le") && !m.group(1).equals("quantile")) {
                            labels.get(family).add(m.group(1));
                        }
                    }
                }
            }
        }
        Map<String, Family> result = new LinkedHashMap<>();
        families.forEach((name, f) -> result.put(name, new Family(name, f.type(), List.copyOf(labels.get(name)))));
        return new ExpositionSnapshot(result);
    }

    /**
     * How this snapshot differs from a live exposition: families missing or typed or labelled differently there, and
     * the connector's own families ({@code feed_}) missing here.
     */
    public List<String> differencesFrom(ExpositionSnapshot live) {
        List<String> problems = new ArrayList<>();
        families.forEach((name, f) -> {
            Family l = live.families().get(name);
            if (l == null) {
                problems.add(name + " is in the snapshot but not exposed");
            } else if (!l.type().equals(f.type()) || !new TreeSet<>(l.labels()).equals(new TreeSet<>(f.labels()))) {
                problems.add(name + ": snapshot says " + f.type() + " " + new TreeSet<>(f.labels()) + ", exposed as "
                        + l.type() + " " + new TreeSet<>(l.labels()));
            }
        });
        live.families().keySet().stream().filter(n -> n.startsWith("feed_") && !families.containsKey(n))
                .forEach(n -> problems.add(n + " is exposed but not in the snapshot"));
        return problems;
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
