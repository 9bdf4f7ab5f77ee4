package livefeed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.Test;

/** Every {@code //DEPS} is pinned to an exact version, and one artifact has one version across the project. */
class DependencyPinsTest {
    private static final Pattern EXACT = Pattern.compile("[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:\\d[A-Za-z0-9_.-]*");

    @Test
    void every_dependency_is_pinned_to_an_exact_version() {
        List<String> loose = new ArrayList<>();
        for (Dependency dep : dependencies()) {
            String v = dep.coordinate();
            if (!EXACT.matcher(v).matches() || v.contains("SNAPSHOT") || v.endsWith("LATEST") || v.endsWith("RELEASE")) {
                loose.add(dep.file() + ": " + v);
            }
        }
        assertTrue(loose.isEmpty(), () -> "not pinned: " + loose);
    }

    @Test
    void one_artifact_has_one_version_across_the_project() {
        Map<String, TreeSet<String>> versions = new TreeMap<>();
        for (Dependency dep : dependencies()) {
            String[] parts = dep.coordinate().split(":");
            versions.computeIfAbsent(parts[0] + ":" + parts[1], k -> new TreeSet<>()).add(parts[parts.length - 1]);
        }
        assertFalse(versions.isEmpty(), "found no //DEPS at all");
        versions.forEach((artifact, found) -> assertEquals(1, found.size(), () -> artifact + " has versions " + found));
    }

    record Dependency(Path file, String coordinate) {}

    private static List<Dependency> dependencies() {
        Path root = Project.root();
        List<Dependency> deps = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !root.relativize(f).startsWith(".state"))::iterator) {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("//DEPS ")) {
                        for (String coordinate : line.substring(7).trim().split("\\s+")) {
                            deps.add(new Dependency(root.relativize(file), coordinate));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deps;
    }
}
