package livefeed.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/testing.md ("Classes side by side") that a test class can break by forgetting a line, read from
 * the test sources: what swaps System.out/err or sets a system property holds the lock for it, and what runs beside
 * the main line neither captures nor prints on this JVM's streams.
 */
class SideBySideSafetyTest {

    @Test
    void every_class_that_swaps_system_out_or_err_holds_them_exclusively() throws IOException {
        List<String> unlocked = new ArrayList<>();
        for (Path source : testSources()) {
            String text = Files.readString(source);
            if ((text.contains("InProcess.run(") || text.contains("System.setOut(") || text.contains("System.setErr("))
                    && !text.contains("\n@CapturesStandardStreams\n")) {
                unlocked.add(Project.root().relativize(source).toString());
            }
        }
        assertEquals(List.of(), unlocked, "add @CapturesStandardStreams (tests/support) to these classes");
    }

    @Test
    void every_class_that_sets_a_system_property_holds_the_lock_for_them() throws IOException {
        List<String> unlocked = new ArrayList<>();
        for (Path source : testSources()) {
            String text = Files.readString(source);
            if (text.contains("System.setProperty(") && !text.contains("@ResourceLock(Resources.SYSTEM_PROPERTIES)")) {
                unlocked.add(Project.root().relativize(source).toString());
            }
        }
        assertEquals(List.of(), unlocked, "add @ResourceLock(Resources.SYSTEM_PROPERTIES) to these classes");
    }

    @Test
    void a_class_beside_the_main_line_neither_captures_nor_prints_on_this_jvms_streams() throws IOException {
        // What prints on System.out/err in this JVM: the test itself, a connector run in-process (its log), the
        // Telegram stand-in given an inbox file (a line per message).
        List<String> printing = List.of("System.out.print", "System.err.print", "InProcess.run(", "System.setOut(",
                "System.setErr(", "ConnectorRun.start(", "LiveFeedStack.start(", "new Inbox(");
        List<String> problems = new ArrayList<>();
        int concurrent = 0;
        for (Path source : testSources()) {
            String text = Files.readString(source);
            if (!text.contains("\n@RunsConcurrently\n")) {
                continue;
            }
            concurrent++;
            Set<String> found = new HashSet<>();
            printing.stream().filter(text::contains).forEach(found::add);
            if (!found.isEmpty()) {
                problems.add(Project.root().relativize(source) + " uses " + found);
            }
        }
        assertTrue(concurrent > 0, "no @RunsConcurrently class found: is the marker still spelt so?");
        assertEquals(List.of(), problems, "keep these classes on the main line, or make them quiet (docs/testing.md)");
    }

    private static List<Path> testSources() throws IOException {
        Path tests = Project.root().resolve("tests");
        try (Stream<Path> files = Files.walk(tests)) {
            return files.filter(p -> p.toString().endsWith("Test.java"))
                    .filter(p -> !p.getFileName().toString().equals("SideBySideSafetyTest.java"))
                    .sorted().toList();
        }
    }
}
