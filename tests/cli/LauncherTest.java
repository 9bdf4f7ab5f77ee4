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

    /**
     * The remembered command (README, "Startup"): a warm run of an unchanged script starts the program's JVM without
     * JBang's. A launcher JVM option that would stop JBang's JVM from starting shows which one ran.
     */
    @Test
    void a_warm_run_of_an_unchanged_script_starts_the_remembered_command_without_JBangs_JVM() throws IOException {
        Path script = temp.resolve("hello.java");
        Files.writeString(script, "public class hello { public static void main(String[] a) { System.out.println(\"hello\"); } }");
        Path commands = temp.resolve("commands");
        Map<String, String> env = new HashMap<>(Map.of("LIVEFEED_JBANG_COMMAND_CACHE", commands.toString(),
                "JBANG_LIVEFEED_TEST_TOKEN", "s3cret-in-the-environment"));
        // Two cold runs at once: both work, and leave one entry and no staging file.
        CompletableFuture<Result> first = CompletableFuture.supplyAsync(() -> jbangWith(env, script.toString()));
        CompletableFuture<Result> second = CompletableFuture.supplyAsync(() -> jbangWith(env, script.toString()));
        for (Result cold : List.of(first.join(), second.join())) {
            assertEquals(0, cold.exitCode(), cold::toString);
            assertEquals("hello\n", cold.stdout(), cold::toString);
        }
        List<Path> entries = listFiles(commands);
        assertEquals(1, entries.size(), () -> "one remembered command: " + entries);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(commands)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(entries.get(0))));
        assertFalse(Files.readString(entries.get(0)).contains("s3cret") || entries.get(0).toString().contains("s3cret"),
                "environment values are in the key only as a hash");

        env.put("LIVEFEED_JBANG_JVM_OPTIONS", "-XX:+NoSuchLauncherOption");
        Result warm = jbangWith(env, script.toString());
        assertEquals(0, warm.exitCode(), warm::toString);
        assertEquals("hello\n", warm.stdout(), warm::toString);

        env.put("LIVEFEED_JBANG_REMEMBER", "0");
        Result throughJBang = jbangWith(env, script.toString());
        assertTrue(throughJBang.exitCode() != 0 && throughJBang.stderr().contains("NoSuchLauncherOption"),
                () -> "with remembering off, JBang's JVM runs (and refuses the option): " + throughJBang);
    }

    @Test
    void a_changed_source_a_new_SOURCES_file_and_a_changed_dependency_never_run_stale_code() throws IOException {
        Path lib = Files.createDirectories(temp.resolve("lib"));
        Path script = temp.resolve("stale.java");
        Files.writeString(script, "//SOURCES lib/*.java\n"
                + "public class stale { public static void main(String[] a) throws Exception {\n"
                + "  boolean extra; try { Class.forName(\"Extra\"); extra = true; } catch (ClassNotFoundException e) { extra = false; }\n"
                + "  String jar = org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation().getPath();\n"
                + "  System.out.println(Greeting.text() + \" extra=\" + extra + \" \" + jar.substring(jar.lastIndexOf('/') + 1));\n"
                + "} }\n");
        // The dependency is declared in the sourced file: a change two levels down must count too.
        String greeting = "//DEPS org.slf4j:slf4j-api:2.0.13\nclass Greeting { static String text() { return \"v1\"; } }\n";
        Files.writeString(lib.resolve("Greeting.java"), greeting);
        Map<String, String> env = Map.of("LIVEFEED_JBANG_COMMAND_CACHE", temp.resolve("commands").toString());

        assertOutput("v1 extra=false slf4j-api-2.0.13.jar", jbangWith(env, script.toString()));
        assertOutput("v1 extra=false slf4j-api-2.0.13.jar", jbangWith(env, script.toString()));
        // Same size, same second: only the content differs.
        Files.writeString(lib.resolve("Greeting.java"), greeting.replace("v1", "v2"));
        assertOutput("v2 extra=false slf4j-api-2.0.13.jar", jbangWith(env, script.toString()));
        Files.writeString(lib.resolve("Extra.java"), "class Extra {}\n");
        assertOutput("v2 extra=true slf4j-api-2.0.13.jar", jbangWith(env, script.toString()));
        Files.writeString(lib.resolve("Greeting.java"), greeting.replace("v1", "v2").replace("2.0.13", "2.0.16"));
        assertOutput("v2 extra=true slf4j-api-2.0.16.jar", jbangWith(env, script.toString()));
    }

    @Test
    void a_remembered_command_whose_java_is_gone_goes_through_JBang_again() throws IOException {
        Path script = temp.resolve("moved.java");
        Files.writeString(script, "public class moved { public static void main(String[] a) { System.out.println(\"ran\"); } }");
        Path commands = temp.resolve("commands");
        Map<String, String> env = Map.of("LIVEFEED_JBANG_COMMAND_CACHE", commands.toString());
        assertOutput("ran", jbangWith(env, script.toString()));
        Path entry = listFiles(commands).get(0);
        String remembered = Files.readString(entry);
        Files.writeString(entry, temp.resolve("no-such-jdk/bin/java") + remembered.substring(remembered.indexOf(' ')));
        assertOutput("ran", jbangWith(env, script.toString()));
        assertEquals(remembered, Files.readString(entry), "JBang's fresh answer replaced the entry");
    }

    /**
     * Spaces, quotes, an empty string, globs and $: the program sees what was typed, cold and warm alike (JBang's own
     * command line drops an empty argument), and the same environment from the launcher.
     */
    @Test
    void arguments_stdin_stdout_stderr_and_the_exit_code_are_the_programs() throws Exception {
        Path script = temp.resolve("echoargs.java");
        Files.writeString(script, "public class echoargs { public static void main(String[] a) throws Exception {\n"
                + "  for (String arg : a) System.out.println(\"[\" + arg + \"]\");\n"
                + "  System.out.println(\"stdin=\" + new String(System.in.readAllBytes()).strip());\n"
                + "  System.out.println(\"launcher=\" + System.getenv(\"JBANG_LAUNCH_CMD\"));\n"
                + "  System.err.println(\"to stderr\");\n"
                + "  System.exit(3);\n"
                + "} }\n");
        Path stdin = temp.resolve("stdin.txt");
        Files.writeString(stdin, "typed input\n");
        List<String> args = List.of("a b", "", "it's", "say \"hi\"", "$HOME", "*", "-x", "back\\slash");
        String expected = "[a b]\n[]\n[it's]\n[say \"hi\"]\n[$HOME]\n[*]\n[-x]\n[back\\slash]\nstdin=typed input\n"
                + "launcher=" + Project.launcher().toRealPath() + "\n";   // the project's root is found through it
        for (String run : List.of("cold", "warm")) {
            List<String> command = new java.util.ArrayList<>(List.of(Project.launcher().toString(), script.toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(Project.root().toFile())
                    .redirectInput(stdin.toFile())
                    .redirectOutput(temp.resolve(run + ".out").toFile())
                    .redirectError(temp.resolve(run + ".err").toFile());
            builder.environment().put("LIVEFEED_JBANG_COMMAND_CACHE", temp.resolve("commands").toString());
            builder.environment().remove("LIVEFEED_JBANG_REMEMBER");
            builder.environment().remove("JBANG_LAUNCH_CMD");   // this test's JVM has it from the ./jbang that started it
            Process process = builder.start();
            assertTrue(process.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), run + " run timed out");
            String err = Files.readString(temp.resolve(run + ".err"));
            assertEquals(3, process.exitValue(), run + ": " + err);
            assertEquals(expected, Files.readString(temp.resolve(run + ".out")), run);
            assertTrue(err.endsWith("to stderr\n"), run + ": " + err);
        }
    }

    private static Result jbangWith(Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("LIVEFEED_JBANG_REMEMBER", null);   // whatever the caller's shell says, remembering is on
        return Project.jbang(all, Duration.ofMinutes(3), args);
    }

    private static void assertOutput(String expected, Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(expected + "\n", result.stdout(), result::toString);
    }

    private static List<Path> listFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
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
