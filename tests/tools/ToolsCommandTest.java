package livefeed.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import livefeed.testsupport.ReleaseServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code observability.java tools --install} as a user runs it, with the local release server as the mirror
 * ({@code LIVEFEED_DOWNLOAD_BASE}) and a cache folder of its own: what it prints, where it installs, its exit codes.
 */
class ToolsCommandTest {
    @TempDir
    Path temp;
    private final ReleaseServer server = ReleaseServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void install_fetches_from_the_mirror_once_lists_what_is_where_and_refuses_a_bad_checksum_with_exit_2() throws IOException {
        Platform platform = Platform.current();
        Path binaries = Files.createDirectories(temp.resolve("binaries"));
        for (String tool : new String[] {"prometheus", "promtool"}) {
            Path path = binaries.resolve(platform.executable(tool));
            Files.writeString(path, "#!/bin/sh\necho '" + tool + ", version 3.6.0'\n");
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String archive = server.publish("prometheus", "3.6.0", platform.toString(), binaries);
        Path folder = temp.resolve("cache/tools/prometheus-3.6.0");

        Result first = tools("--install", "promtool");
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(String.format("%-20s %s (%s, %s; downloaded from %s)%n", "prometheus-3.6.0", folder,
                platform.executable("promtool"), platform.executable("prometheus"), server.base() + archive), first.stdout());
        assertTrue(first.stderr().contains(archive.substring(archive.lastIndexOf('/') + 1) + ": 100% ("), first::toString);

        Result again = tools("--install", "prometheus");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.stdout().endsWith("; already there)\n"), again::toString);
        assertEquals(1, server.requests(archive), "downloaded once");

        server.publish("alertmanager", "0.28.1", platform.toString(), binaries);
        server.writeChecksum("alertmanager", "0.28.1", ToolRelease.ALERTMANAGER.assetName(platform), "0".repeat(64));
        Result refused = tools("--install", "alertmanager");
        assertEquals(2, refused.exitCode(), refused::toString);
        String last = refused.stderr().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("observability: " + ToolRelease.ALERTMANAGER.assetName(platform)
                + " does not match the SHA-256 in "), refused::toString);
        assertTrue(Files.notExists(temp.resolve("cache/tools/alertmanager-0.28.1")));
    }

    @Test
    void two_programs_installing_at_once_download_once() throws Exception {
        Platform platform = Platform.current();
        Path binaries = Files.createDirectories(temp.resolve("binaries"));
        Path alertmanager = binaries.resolve(platform.executable("alertmanager"));
        Files.writeString(alertmanager, "#!/bin/sh\necho 'alertmanager, version 0.28.1'\n" + "#".repeat(200_000) + "\n");
        Files.setPosixFilePermissions(alertmanager, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(alertmanager, binaries.resolve(platform.executable("amtool")));
        String archive = server.publish("alertmanager", "0.28.1", platform.toString(), binaries);
        server.fault(archive, ReleaseServer.Fault.SLOW);   // long enough for the second to arrive meanwhile

        Result warm = tools("--help");   // JBang builds the program once, before the two race
        assertEquals(0, warm.exitCode(), warm::toString);
        java.util.concurrent.CompletableFuture<Result> first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> tools("--install", "alertmanager"));
        Result second = tools("--install", "alertmanager");
        Result one = first.join();
        assertEquals(0, one.exitCode(), one::toString);
        assertEquals(0, second.exitCode(), second::toString);
        assertEquals(1, server.requests(archive), "one download:\n" + one + second);
        assertEquals(1, (one.stdout() + second.stdout()).split("already there", -1).length - 1, one.stdout() + second.stdout());
    }

    private Result tools(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "observability.java";
        command[1] = "tools";
        System.arraycopy(args, 0, command, 2, args.length);
        return Project.jbang(Map.of("LIVEFEED_DOWNLOAD_BASE", server.base(), "LIVEFEED_CACHE_DIR", temp.resolve("cache").toString()),
                Duration.ofMinutes(3), command);
    }
}
