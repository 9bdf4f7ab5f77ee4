package livefeed.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolFinderTest {
    @TempDir
    Path bin;

    @Test
    void finds_a_tool_on_PATH() throws IOException {
        Path promtool = executable("promtool", "exit 0");
        assertEquals(Optional.of(promtool), finder().find(Tool.PROMTOOL));
    }

    @Test
    void finds_alertmanager_under_the_name_Debian_gives_it() throws IOException {
        Path debianName = executable("prometheus-alertmanager", "exit 0");
        assertEquals(Optional.of(debianName), finder().find(Tool.ALERTMANAGER));
    }

    @Test
    void an_override_variable_wins_over_PATH() throws IOException {
        executable("promtool", "exit 0");
        Path other = Files.createDirectories(bin.resolve("other"));
        Path chosen = executable(other, "promtool", "exit 0");
        ToolFinder finder = new ToolFinder(Map.of("PATH", bin.toString(), "LIVEFEED_PROMTOOL", chosen.toString()));
        assertEquals(Optional.of(chosen), finder.find(Tool.PROMTOOL));
    }

    @Test
    void a_file_that_is_not_executable_is_not_a_tool() throws IOException {
        Files.writeString(bin.resolve("amtool"), "");
        ToolFinder finder = new ToolFinder(Map.of("PATH", bin.toString(), "LIVEFEED_AMTOOL", bin.resolve("amtool").toString()));
        assertEquals(Optional.empty(), finder.find(Tool.AMTOOL));
    }

    @Test
    void a_missing_tool_says_how_to_install_it_on_each_OS() {
        ToolMissingException missing = assertThrows(ToolMissingException.class,
                () -> new ToolFinder(Map.of("PATH", bin.toString(), "LIVEFEED_AMTOOL", bin.resolve("none").toString()))
                        .require(Tool.AMTOOL));
        String message = missing.getMessage();
        assertFalse(message.contains("\n"), "one line");
        assertTrue(message.startsWith("amtool is missing"), message);
        assertTrue(message.contains("Debian/Ubuntu: apt-get install prometheus-alertmanager"), message);
        assertTrue(message.contains("macOS: brew install alertmanager"), message);
        assertTrue(message.contains("Windows: "), message);
    }

    @Test
    void a_docker_CLI_without_an_engine_is_not_an_engine() throws IOException {
        Path docker = executable("docker", "echo 'Cannot connect to the Docker daemon' >&2; exit 1");
        assertFalse(new ToolFinder(Map.of("PATH", "", "LIVEFEED_DOCKER", docker.toString())).dockerEngineAnswers());
    }

    @Test
    void a_docker_CLI_whose_engine_answers_is_an_engine() throws IOException {
        Path docker = executable("docker", "[ \"$1\" = info ] && echo 28.2.2");
        assertTrue(new ToolFinder(Map.of("PATH", "", "LIVEFEED_DOCKER", docker.toString())).dockerEngineAnswers());
    }

    private ToolFinder finder() {
        return new ToolFinder(Map.of("PATH", bin.toString()));
    }

    private Path executable(String name, String script) throws IOException {
        return executable(bin, name, script);
    }

    private static Path executable(Path dir, String name, String script) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
