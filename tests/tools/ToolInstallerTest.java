package livefeed.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import livefeed.testsupport.ReleaseServer;
import livefeed.testsupport.ReleaseServer.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisioning against a local release server that serves release-shaped archives built here from stand-in
 * executables (shell scripts that print a version line), laid out and checksummed as the official ones are.
 */
class ToolInstallerTest {
    private static final Platform LINUX = new Platform("linux", "amd64");
    private static final Platform WINDOWS = new Platform("windows", "amd64");

    @TempDir
    Path temp;
    private final ReleaseServer server = ReleaseServer.start();
    private final ByteArrayOutputStream progressOutput = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void installs_the_pinned_prometheus_once_and_its_tools_run_from_the_cache() throws Exception {
        String archive = server.publish("prometheus", "3.6.0", "linux-amd64", standIns("prometheus", "promtool"));
        ToolInstaller installer = installer(LINUX, Duration.ofSeconds(10));

        ToolInstaller.Installed first = installer.install(ToolRelease.PROMETHEUS);
        assertTrue(first.downloaded());
        assertEquals(cache().resolve("prometheus-3.6.0"), first.folder());
        Path promtool = first.folder().resolve("promtool");
        assertTrue(Files.isExecutable(promtool), "executable bit kept");
        assertEquals(java.util.Optional.of("3.6.0"), ToolVersion.of(promtool));
        assertTrue(Files.isRegularFile(first.folder().resolve(".livefeed-installed")));

        ToolInstaller.Installed again = installer.install(ToolRelease.PROMETHEUS);
        assertFalse(again.downloaded());
        assertEquals(1, server.requests(archive), "downloaded once");
        assertEquals(List.of("prometheus-3.6.0"), cacheEntries(), "nothing else left in the cache");
    }

    @Test
    void a_log_gets_a_line_per_10_percent_and_a_terminal_one_bar() throws Exception {
        server.publish("prometheus", "3.6.0", "linux-amd64", standIns("prometheus", "promtool"));
        installer(LINUX, Duration.ofSeconds(10)).install(ToolRelease.PROMETHEUS);
        List<String> lines = progressOutput.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("downloading prometheus-3.6.0.linux-amd64.tar.gz", lines.get(0).replaceAll(" \\(.*", ""));
        assertTrue(lines.get(lines.size() - 1).startsWith("prometheus-3.6.0.linux-amd64.tar.gz: 100% ("), lines.toString());
        assertTrue(lines.size() <= 11, "at most one line per 10 %: " + lines);

        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        DownloadProgress terminal = new DownloadProgress(new PrintStream(bar, true, StandardCharsets.UTF_8), true);
        terminal.start("x.tar.gz", 2_000_000);
        terminal.advance(1_000_000);
        terminal.advance(1_000_000);
        terminal.finish();
        String drawn = bar.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\r"), "redrawn in place");
        assertTrue(drawn.matches("(?s).*100% \\(2\\.0 MB of 2\\.0 MB, [0-9.]+ MB/s, 0 s left\\).*"), drawn);
    }

    @Test
    void installs_alertmanager_from_the_windows_zip() throws Exception {
        String archive = server.publish("alertmanager", "0.28.1", "windows-amd64", standIns("alertmanager.exe", "amtool.exe"));
        assertTrue(archive.endsWith("/prometheus/alertmanager/releases/download/v0.28.1/alertmanager-0.28.1.windows-amd64.zip"));
        Path folder = installer(WINDOWS, Duration.ofSeconds(10)).install(ToolRelease.ALERTMANAGER).folder();
        assertTrue(Files.readString(Tool.AMTOOL.pathIn(folder, WINDOWS)).contains("version 0.28.1"));
        assertEquals(folder.resolve("amtool.exe"), Tool.AMTOOL.pathIn(folder, WINDOWS));
    }

    @Test
    void installs_grafana_checked_against_its_own_sha256_file() throws Exception {
        Path binaries = standIns("bin/grafana", "bin/grafana-server");
        Files.createDirectories(binaries.resolve("conf"));
        Files.writeString(binaries.resolve("conf/defaults.ini"), "[server]\n");
        server.publish("grafana", "11.6.0", "linux-amd64", binaries);
        ToolFinder finder = ToolFinder.provisioning(Map.of("PATH", ""), false, installer(LINUX, Duration.ofSeconds(10)));
        Path grafana = finder.require(Tool.GRAFANA);
        assertEquals(cache().resolve("grafana-11.6.0/bin/grafana"), grafana);
        assertTrue(Files.isRegularFile(cache().resolve("grafana-11.6.0/conf/defaults.ini")), "homepath kept whole");
        assertEquals(1, server.requests("/oss/release/grafana-11.6.0.linux-amd64.tar.gz.sha256"));
    }

    @Test
    void an_archive_that_does_not_match_its_checksum_is_refused_in_one_line_and_nothing_is_kept() throws Exception {
        server.publish("prometheus", "3.6.0", "linux-amd64", standIns("prometheus", "promtool"));
        server.writeChecksum("prometheus", "3.6.0", "prometheus-3.6.0.linux-amd64.tar.gz", "ab".repeat(32));
        String refused = prometheusRefusedInOneLineKeepingNothing(Duration.ofSeconds(10));
        assertTrue(refused.startsWith("prometheus-3.6.0.linux-amd64.tar.gz does not match the SHA-256 in "
                + server.base() + "/prometheus/prometheus/releases/download/v3.6.0/sha256sums.txt"), refused);
    }

    @Test
    void a_body_that_stops_short_is_refused_and_nothing_is_kept() throws Exception {
        String archive = server.publish("prometheus", "3.6.0", "linux-amd64", standIns("prometheus", "promtool"));
        server.fault(archive, Fault.TRUNCATE);
        String refused = prometheusRefusedInOneLineKeepingNothing(Duration.ofSeconds(10));
        assertTrue(refused.contains("broke off after"), refused);
    }

    @Test
    void a_server_that_stalls_times_out_with_a_message_that_says_so() throws Exception {
        String archive = server.publish("prometheus", "3.6.0", "linux-amd64", standIns("prometheus", "promtool"));
        server.fault(archive, Fault.STALL);
        String refused = prometheusRefusedInOneLineKeepingNothing(Duration.ofSeconds(1));
        assertTrue(refused.contains("stalled: nothing received for 1 s"), refused);
    }

    @Test
    void two_installs_at_once_download_once_and_both_get_the_result() throws Exception {
        String archive = server.publish("prometheus", "3.6.0", "linux-amd64", standIns("prometheus", "promtool"));
        server.fault(archive, Fault.SLOW);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ToolInstaller.Installed>> installs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                // Two installers, as two programs would have: they share only the cache folder.
                ToolInstaller installer = installer(LINUX, Duration.ofSeconds(10));
                installs.add(pool.submit(() -> {
                    go.await();
                    return installer.install(ToolRelease.PROMETHEUS);
                }));
            }
            go.countDown();
            ToolInstaller.Installed a = installs.get(0).get(1, TimeUnit.MINUTES);
            ToolInstaller.Installed b = installs.get(1).get(1, TimeUnit.MINUTES);
            assertEquals(a.folder(), b.folder());
            assertTrue(a.downloaded() != b.downloaded(), "one downloaded, the other used its result");
            assertEquals(1, server.requests(archive));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_platform_without_an_official_archive_is_named_and_nothing_is_fetched() {
        ProvisionException grafana = assertThrows(ProvisionException.class,
                () -> installer(new Platform("windows", "arm64"), Duration.ofSeconds(10)).install(ToolRelease.GRAFANA));
        assertEquals("grafana 11.6.0 publishes no archive for windows-arm64 (only linux-amd64, linux-arm64, darwin-amd64,"
                + " darwin-arm64, windows-amd64): install it yourself and put it on PATH", grafana.getMessage());
        ProvisionException freebsd = assertThrows(ProvisionException.class,
                () -> installer(Platform.of("FreeBSD", "amd64"), Duration.ofSeconds(10)).install(ToolRelease.PROMETHEUS));
        assertTrue(freebsd.getMessage().startsWith("prometheus 3.6.0 publishes no archive for freebsd-amd64"), freebsd.getMessage());
        assertEquals(0, server.requestsInTotal());
    }

    @Test
    void offline_a_missing_tool_gets_the_install_hint_and_nothing_is_fetched() throws IOException {
        server.publish("prometheus", "3.6.0", "linux-amd64", standIns("prometheus", "promtool"));
        ToolFinder finder = ToolFinder.provisioning(Map.of("PATH", "", "LIVEFEED_OFFLINE", "true"), false,
                installer(LINUX, Duration.ofSeconds(10)));
        ToolMissingException missing = assertThrows(ToolMissingException.class, () -> finder.require(Tool.PROMTOOL));
        assertOneLine(missing);
        assertTrue(missing.getMessage().contains("Debian/Ubuntu: apt-get install prometheus"), missing.getMessage());
        assertTrue(missing.named("--offline").contains("Downloads are off (--offline or LIVEFEED_OFFLINE=true)"),
                missing.getMessage());
        assertEquals(java.util.Optional.of("offline"), missing.setting());
        assertEquals(0, server.requestsInTotal());

        ToolFinder flagged = ToolFinder.provisioning(Map.of("PATH", ""), true, installer(LINUX, Duration.ofSeconds(10)));
        assertThrows(ToolMissingException.class, () -> flagged.require(Tool.PROMTOOL));
        assertEquals(0, server.requestsInTotal());
    }

    @Test
    void a_tool_found_on_the_machine_wins_and_its_other_version_is_said() throws Exception {
        server.publish("prometheus", "3.6.0", "linux-amd64", standIns("prometheus", "promtool"));
        Path bin = Files.createDirectories(temp.resolve("path"));
        Path local = script(bin.resolve("promtool"), "promtool, version 2.42.0 (branch: debian/sid)");
        ToolFinder finder = ToolFinder.provisioning(Map.of("PATH", bin.toString()), false, installer(LINUX, Duration.ofSeconds(10)));
        assertEquals(local, finder.require(Tool.PROMTOOL));
        assertEquals(0, server.requestsInTotal(), "nothing downloaded");
        assertEquals(java.util.Optional.of("promtool 2.42.0 at " + local + " is used as found, not the pinned 3.6.0"
                + " (set LIVEFEED_PROMTOOL to choose another)"), ToolVersion.differsFromPinned(Tool.PROMTOOL, local));
        Path pinned = script(bin.resolve("prometheus"), "prometheus, version 3.6.0 (branch: HEAD)");
        assertEquals(java.util.Optional.empty(), ToolVersion.differsFromPinned(Tool.PROMETHEUS, pinned));
    }

    @Test
    void an_install_that_was_cut_short_is_not_taken_for_a_finished_one() throws Exception {
        // What a killed install leaves: the unpacked folder without its marker, and a partial download.
        Path broken = Files.createDirectories(cache().resolve("prometheus-3.6.0"));
        script(broken.resolve("promtool"), "promtool, version 0.0.1");
        Files.writeString(cache().resolve(".prometheus-3.6.0.download-123.tmp"), "partial");
        ToolInstaller installer = installer(LINUX, Duration.ofSeconds(10));
        ToolFinder finder = ToolFinder.provisioning(Map.of("PATH", ""), true, installer);
        assertTrue(finder.find(Tool.PROMTOOL).isEmpty(), "no marker, no tool");

        server.publish("prometheus", "3.6.0", "linux-amd64", standIns("prometheus", "promtool"));
        Path promtool = ToolFinder.provisioning(Map.of("PATH", ""), false, installer).require(Tool.PROMTOOL);
        assertEquals(java.util.Optional.of("3.6.0"), ToolVersion.of(promtool));
        assertEquals(List.of("prometheus-3.6.0"), cacheEntries());
    }

    @Test
    void an_entry_that_would_land_outside_the_folder_is_refused() throws Exception {
        server.put("prometheus", "3.6.0", "prometheus-3.6.0.linux-amd64.tar.gz",
                ReleaseServer.tarGzWithEntry("prometheus-3.6.0.linux-amd64/../../escaped", "#!/bin/sh\n"));
        ProvisionException refused = assertThrows(ProvisionException.class,
                () -> installer(LINUX, Duration.ofSeconds(10)).install(ToolRelease.PROMETHEUS));
        assertTrue(refused.getMessage().contains("unsafe entry (prometheus-3.6.0.linux-amd64/../../escaped)"), refused.getMessage());
        assertFalse(Files.exists(temp.resolve("escaped")));
        assertFalse(Files.exists(cache().resolve("escaped")));
        assertEquals(List.of(), cacheEntries());
    }

    @Test
    void a_mirror_without_the_release_says_where_it_looked() {
        ProvisionException missing = assertThrows(ProvisionException.class,
                () -> installer(LINUX, Duration.ofSeconds(10)).install(ToolRelease.ALERTMANAGER));
        assertEquals("cannot download " + server.base() + "/prometheus/alertmanager/releases/download/v0.28.1/sha256sums.txt:"
                + " HTTP 404 (not there: a mirror must keep the official paths)", missing.getMessage());
    }

    @Test
    void a_checksum_list_that_does_not_name_the_archive_stops_before_the_download() throws IOException {
        String archive = server.publish("prometheus", "3.6.0", "linux-arm64", standIns("prometheus", "promtool"));
        ProvisionException unlisted = assertThrows(ProvisionException.class,
                () -> installer(LINUX, Duration.ofSeconds(10)).install(ToolRelease.PROMETHEUS));
        assertTrue(unlisted.getMessage().endsWith("sha256sums.txt gives no SHA-256 for prometheus-3.6.0.linux-amd64.tar.gz:"
                + " nothing was downloaded"), unlisted.getMessage());
        assertEquals(0, server.requests(archive.replace("arm64", "amd64")));
    }

    @Test
    void a_mirror_that_is_not_an_http_url_is_refused_in_one_line() {
        ProvisionException refused = assertThrows(ProvisionException.class, () -> ToolInstaller.forUser(
                Map.of("LIVEFEED_DOWNLOAD_BASE", "mirror.local/releases"), new DownloadProgress(System.err, false)));
        assertEquals("LIVEFEED_DOWNLOAD_BASE=mirror.local/releases is not an http(s) URL: give the mirror's base,"
                + " e.g. https://mirror.example/releases", refused.getMessage());
    }

    @Test
    void a_mirror_keeps_the_official_paths() {
        assertEquals("https://github.com/prometheus/prometheus/releases/download/v3.6.0/prometheus-3.6.0.linux-amd64.tar.gz",
                ToolRelease.PROMETHEUS.archiveUri(null, LINUX).toString());
        assertEquals("https://github.com/prometheus/alertmanager/releases/download/v0.28.1/sha256sums.txt",
                ToolRelease.ALERTMANAGER.checksumUri(null, new Platform("darwin", "arm64")).toString());
        assertEquals("https://dl.grafana.com/oss/release/grafana-11.6.0.windows-amd64.zip",
                ToolRelease.GRAFANA.archiveUri(null, WINDOWS).toString());
        assertEquals("http://mirror.local/base/oss/release/grafana-11.6.0.linux-arm64.tar.gz.sha256",
                ToolRelease.GRAFANA.checksumUri("http://mirror.local/base/", new Platform("linux", "arm64")).toString());
        assertEquals("http://mirror.local/prometheus/prometheus/releases/download/v3.6.0/prometheus-3.6.0.darwin-amd64.tar.gz",
                ToolRelease.PROMETHEUS.archiveUri("http://mirror.local", Platform.of("Mac OS X", "x86_64")).toString());
    }

    @Test
    void the_pinned_versions_are_those_compose_runs() throws IOException {
        String compose = Files.readString(livefeed.testsupport.Project.root().resolve("ops/compose/docker-compose.yml"));
        for (ToolRelease release : ToolRelease.values()) {
            assertTrue(compose.contains("image: " + release.composeImage() + "\n"), release + ": " + release.composeImage());
            assertTrue(release.composeImage().endsWith(":" + release.version()) || release.composeImage().endsWith(":v" + release.version()));
        }
    }

    @Test
    void the_cache_is_where_each_OS_keeps_caches() {
        Map<String, String> env = Map.of("HOME", "/home/u", "LOCALAPPDATA", "C:\\Users\\u\\AppData\\Local");
        assertEquals(Path.of("/home/u/.cache/livefeed-ops/tools"), ToolCache.forUser(env, LINUX).root());
        assertEquals(Path.of("/home/u/Library/Caches/livefeed-ops/tools"),
                ToolCache.forUser(env, new Platform("darwin", "arm64")).root());
        assertEquals(Path.of("C:\\Users\\u\\AppData\\Local", "livefeed-ops", "tools"), ToolCache.forUser(env, WINDOWS).root());
        assertEquals(Path.of("/x/tools"), ToolCache.forUser(Map.of("LIVEFEED_CACHE_DIR", "/x"), LINUX).root());
    }

    private ToolInstaller installer(Platform platform, Duration stall) {
        return new ToolInstaller(new ToolCache(cache()), platform, server.base(), stall,
                new DownloadProgress(new PrintStream(progressOutput, true, StandardCharsets.UTF_8), false));
    }

    private Path cache() {
        return temp.resolve("cache/tools");
    }

    /** Installing Prometheus (stalls end after {@code stall}) is refused in one line, returned; the cache keeps nothing. */
    private String prometheusRefusedInOneLineKeepingNothing(Duration stall) throws IOException {
        ProvisionException refused = assertThrows(ProvisionException.class,
                () -> installer(LINUX, stall).install(ToolRelease.PROMETHEUS));
        assertOneLine(refused);
        assertEquals(List.of(), cacheEntries());
        return refused.getMessage();
    }

    private List<String> cacheEntries() throws IOException {
        if (!Files.isDirectory(cache())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(cache())) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        }
    }

    /** A folder of stand-in executables, each printing the version line of its release. */
    private Path standIns(String... names) throws IOException {
        Path folder = Files.createTempDirectory(temp, "binaries");
        for (String name : names) {
            String tool = Path.of(name).getFileName().toString().replace(".exe", "");
            String version = tool.startsWith("grafana") ? "Version 11.6.0 (commit: stand-in)"
                    : tool + ", version " + (tool.equals("alertmanager") || tool.equals("amtool") ? "0.28.1" : "3.6.0");
            script(folder.resolve(name), version);
        }
        return folder;
    }

    private static Path script(Path path, String versionLine) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\necho '" + versionLine + "'\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    private static void assertOneLine(Exception e) {
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
