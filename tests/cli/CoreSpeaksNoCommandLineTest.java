package livefeed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.Test;

/**
 * The core says what is wrong in its own words ({@code livefeed.errors.InvalidInput}); only the programs' edge (the
 * four programs, livefeed/cli/, and the picocli {@code @Command} classes under livefeed/) speaks of flags and exit
 * codes. A core file that throws the edge's {@link UsageException} or returns an {@link ExitCode} fails this test,
 * named by file and line.
 */
class CoreSpeaksNoCommandLineTest {
    private static final Pattern EDGE_WORDS = Pattern.compile("\\b(UsageException|ExitCode)\\b");

    @Test
    void no_core_file_uses_the_edges_usage_error_or_exit_codes() throws IOException {
        List<String> found = edgeWordsIn(Project.root().resolve("livefeed"));
        assertEquals(List.of(), found, "use livefeed.errors.InvalidInput (or a domain error) and let the program name"
                + " the flag; see livefeed/cli/CommandLines");
    }

    @Test
    void the_scan_finds_a_core_file_that_throws_the_usage_error(@org.junit.jupiter.api.io.TempDir Path temp)
            throws IOException {
        Path core = Files.createDirectories(temp.resolve("connector"));
        Files.writeString(core.resolve("Sink.java"), "package livefeed.connector;\n\nclass Sink {\n"
                + "    void f() { throw new livefeed.cli.UsageException(\"--sink x: bad\"); }\n}\n");
        Path edge = Files.createDirectories(temp.resolve("image"));
        Files.writeString(edge.resolve("ImageCommand.java"), "@Command(name = \"image\")\nclass ImageCommand {\n"
                + "    void f() { throw new UsageException(\"--push needs a reference\"); }\n}\n");
        Files.createDirectories(temp.resolve("cli"));
        Files.writeString(temp.resolve("cli/CommandLines.java"), "class CommandLines { int c = ExitCode.USAGE; }\n");
        List<String> found = edgeWordsIn(temp);
        assertEquals(1, found.size(), found::toString);
        assertTrue(found.get(0).startsWith("connector/Sink.java:4: "), found::toString);
    }

    /** "folder/File.java:LINE: text" for each line of a core file under {@code livefeed} that uses an edge word. */
    static List<String> edgeWordsIn(Path livefeed) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(livefeed)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String relative = livefeed.relativize(file).toString().replace('\\', '/');
                List<String> lines = Files.readAllLines(file);
                if (relative.startsWith("cli/") || lines.stream().anyMatch(l -> l.strip().startsWith("@Command"))) {
                    continue;   // the edge: it may speak of flags and exit codes
                }
                for (int i = 0; i < lines.size(); i++) {
                    if (EDGE_WORDS.matcher(lines.get(i)).find()) {
                        found.add(relative + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        return found;
    }
}
