package livefeed.checks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import livefeed.errors.InvalidInput;
import livefeed.tools.ToolFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --engine docker without an engine names what is missing, and what is there instead. */
class EngineChoiceTest {
    @TempDir
    Path bin;

    @Test
    void docker_without_an_engine_says_so_and_offers_the_promtool_that_is_installed() throws IOException {
        Path promtool = executable("promtool", "echo 'promtool, version 3.6.0'");
        Path docker = executable("docker", "echo 'Cannot connect to the Docker daemon' >&2; exit 1");
        ToolFinder tools = new ToolFinder(Map.of("PATH", bin.toString(), "LIVEFEED_DOCKER", docker.toString(),
                "LIVEFEED_CACHE_DIR", bin.resolve("cache").toString()));
        String message = assertThrows(InvalidInput.class, () -> EngineChoice.DOCKER.open(tools)).named("--engine");
        assertTrue(message.startsWith("--engine docker: no Docker engine answers: the docker CLI at " + docker
                + " reaches no engine; start Docker"), message);
        assertTrue(message.endsWith("Or use promtool, which is installed (" + promtool + "): --engine local."), message);
        assertFalse(message.contains("promtool is missing"), message);
    }

    @Test
    void docker_not_installed_says_how_to_install_it() {
        ToolFinder tools = new ToolFinder(Map.of("PATH", bin.toString(), "LIVEFEED_DOCKER", bin.resolve("none").toString(),
                "LIVEFEED_PROMTOOL", bin.resolve("none").toString(), "LIVEFEED_CACHE_DIR", bin.resolve("cache").toString()));
        String message = assertThrows(InvalidInput.class, () -> EngineChoice.DOCKER.open(tools)).named("--engine");
        assertTrue(message.contains("docker is missing"), message);
        assertTrue(message.contains("Debian/Ubuntu: apt-get install docker.io"), message);
        assertTrue(message.endsWith("Or use --engine local, which fetches the pinned promtool (prometheus-3.6.0)."), message);
        assertFalse(message.contains("\n"));
    }

    private Path executable(String name, String script) throws IOException {
        Path path = bin.resolve(name);
        Files.writeString(path, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
