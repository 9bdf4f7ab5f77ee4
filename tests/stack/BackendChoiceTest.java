package livefeed.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import livefeed.tools.ToolFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which backend auto picks, and the reason it prints. */
class BackendChoiceTest {
    @TempDir
    Path bin;

    @Test
    void auto_is_native_without_the_docker_cli() {
        assertEquals(new BackendChoice(Backend.NATIVE, "the docker CLI is not installed"),
                BackendChoice.auto(Optional.empty(), finder()));
    }

    @Test
    void auto_is_native_when_the_docker_cli_finds_no_engine() throws IOException {
        docker("echo 'Cannot connect to the Docker daemon' >&2; exit 1");
        assertEquals(new BackendChoice(Backend.NATIVE, "docker is installed but no Docker engine answers"),
                BackendChoice.auto(Optional.empty(), finder()));
    }

    @Test
    void auto_is_compose_when_an_engine_answers() throws IOException {
        docker("echo 28.2.2");
        assertEquals(new BackendChoice(Backend.COMPOSE, "a Docker engine answers"),
                BackendChoice.auto(Optional.empty(), finder()));
    }

    @Test
    void a_stack_that_is_up_keeps_its_backend() throws IOException {
        docker("echo 28.2.2");
        StackState up = new StackState(Backend.NATIVE, "127.0.0.1", Ports.DEFAULTS, false, false,
                Instant.parse("2026-01-02T03:04:05Z"));
        assertEquals(new BackendChoice(Backend.NATIVE, "the stack that is up uses it, since 2026-01-02T03:04:05Z"),
                BackendChoice.auto(Optional.of(up), finder()));
    }

    private ToolFinder finder() {
        // Only this folder: /usr/sbin and the other extra folders hold no docker on a machine where tests run.
        return new ToolFinder(Map.of("PATH", bin.toString(), "LIVEFEED_DOCKER", bin.resolve("docker").toString()));
    }

    private void docker(String script) throws IOException {
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
