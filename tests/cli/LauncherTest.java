package livefeed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./jbang}: the launcher that makes the README's commands work with only Java and Maven installed. */
class LauncherTest {
    private static final String CLI_VERSION = "0.132.1";

    @TempDir
    Path temp;

    @Test
    void a_jbang_on_PATH_is_used_instead_of_the_bundled_one() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        executable(bin.resolve("jbang"), "#!/bin/sh\necho \"installed jbang: $*\"\n");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("LIVEFEED_BUNDLED_JBANG", null);
        Result result = Project.jbang(env, Duration.ofMinutes(1), "version");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("installed jbang: version\n", result.stdout());
    }

    @Test
    void two_cold_runs_at_once_fetch_jbang_once_and_both_work() throws Exception {
        Map<String, String> env = Map.of("LIVEFEED_JBANG_CACHE", temp.resolve("cache").toString(),
                "LIVEFEED_BUNDLED_JBANG", "1");
        CompletableFuture<Result> first = CompletableFuture.supplyAsync(
                () -> Project.jbang(env, Duration.ofMinutes(5), "version"));
        CompletableFuture<Result> second = CompletableFuture.supplyAsync(
                () -> Project.jbang(env, Duration.ofMinutes(5), "version"));
        List<Result> results = List.of(first.get(), second.get());
        for (Result result : results) {
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals(CLI_VERSION, result.stdout().strip(), result::toString);
        }
        long downloads = results.stream().filter(r -> r.stderr().contains("downloading JBang " + CLI_VERSION)).count();
        assertEquals(1, downloads, () -> "exactly one run says it downloads: " + results);
        Path cli = temp.resolve("cache/jbang-cli-" + CLI_VERSION + "/lib");
        assertTrue(Files.exists(cli.resolve("jbang-cli-" + CLI_VERSION + ".jar")));
        assertTrue(Files.exists(cli.resolve(".complete")));
        try (Stream<Path> leftovers = Files.list(temp.resolve("cache"))) {
            assertEquals(List.of("jbang-cli-" + CLI_VERSION),
                    leftovers.map(p -> p.getFileName().toString()).toList(), "no staging folder or lock is left");
        }
    }

    @Test
    void a_cold_run_without_maven_says_what_to_install_and_exits_2() throws IOException {
        // A PATH with every command of /usr/bin but mvn.
        Path bin = Files.createDirectories(temp.resolve("bin"));
        try (Stream<Path> commands = Files.list(Path.of("/usr/bin"))) {
            for (Path command : (Iterable<Path>) commands::iterator) {
                String name = command.getFileName().toString();
                if (!name.equals("mvn") && !name.equals("jbang")) {
                    Files.createSymbolicLink(bin.resolve(name), command);
                }
            }
        }
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("LIVEFEED_JBANG_CACHE", temp.resolve("cache").toString());
        env.put("LIVEFEED_BUNDLED_JBANG", "1");
        Result result;
        try {
            result = Project.jbang(env, Duration.ofMinutes(1), "version");
        } finally {
            try (Stream<Path> links = Files.list(bin)) {   // JUnit warns when it has to delete links itself
                for (Path link : (Iterable<Path>) links::iterator) {
                    Files.delete(link);
                }
            }
        }
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("Maven (mvn), needed once to fetch it, is missing"), result::toString);
        assertFalse(Files.exists(temp.resolve("cache/jbang-cli-" + CLI_VERSION)), "nothing half-written");
    }

    @Test
    void the_launchers_own_JVM_options_do_not_reach_the_program() throws IOException {
        Path script = temp.resolve("jvmargs.java");
        Files.writeString(script, "public class jvmargs { public static void main(String[] a) {"
                + " System.out.println(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()); } }");
        Result result = Project.jbang(script.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(result.stdout().contains("TieredStopAtLevel"), result::toString);
    }

    @Test
    void the_catalog_names_the_four_programs() {
        Result result = Project.jbang("alias", "list");
        assertEquals(0, result.exitCode(), result::toString);
        for (String program : List.of("connector", "observability", "promtest", "simulate")) {
            assertTrue(result.stdout().lines().map(String::strip).anyMatch(program::equals),
                    () -> program + " missing from " + result);
        }
    }

    /** jbang.cmd cannot run here (no Windows): what can be checked without cmd.exe is checked. */
    @Test
    void the_windows_launcher_jumps_only_to_labels_it_has_and_keeps_CRLF_line_ends() throws IOException {
        String cmd = Files.readString(Project.root().resolve("jbang.cmd"));
        assertFalse(cmd.replace("\r\n", "").contains("\n"), "cmd.exe mislocates labels in a file with LF line ends");
        java.util.Set<String> labels = new java.util.HashSet<>();
        java.util.regex.Matcher label = java.util.regex.Pattern.compile("(?m)^:(\\w+)\r?$").matcher(cmd);
        while (label.find()) {
            labels.add(label.group(1));
        }
        java.util.regex.Matcher jump = java.util.regex.Pattern.compile("(?:goto|call) :(\\w+)").matcher(cmd);
        int jumps = 0;
        while (jump.find()) {
            jumps++;
            assertTrue(labels.contains(jump.group(1)), "jbang.cmd jumps to :" + jump.group(1) + ", which it lacks");
        }
        assertTrue(jumps >= 6, "found the jumps: " + jumps);
        String plugin = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
        assertTrue(cmd.contains(plugin) && Files.readString(Project.launcher()).contains(plugin),
                "both launchers fetch with the same plugin");
    }

    private static void executable(Path path, String content) throws IOException {
        Files.writeString(path, content);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
