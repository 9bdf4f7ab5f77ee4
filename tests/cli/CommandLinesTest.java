package livefeed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import livefeed.errors.InvalidInput;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.InProcess;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The four programs' command lines. {@code --help} runs as a user runs it, {@code ./jbang PROGRAM.java --help} (so
 * JBang builds the program: a subprocess each); the rest runs the same picocli trees in this JVM.
 */
@CapturesStandardStreams
class CommandLinesTest {

    @ParameterizedTest(name = "{0} builds with JBang and --help prints its usage")
    @ValueSource(strings = {"connector", "observability", "promtest", "simulate"})
    void jbang_builds_it_and_help_prints_usage(String program) {
        Result result = Project.jbang(program + ".java", "--help");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().startsWith("Usage: " + program), result::toString);
    }

    @ParameterizedTest(name = "{0} --help in-process prints the same usage")
    @ValueSource(strings = {"connector", "observability", "promtest", "simulate"})
    void help_prints_usage_in_process(String program) {
        Result result = InProcess.run(program, "--help");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().startsWith("Usage: " + program), result::toString);
    }

    @ParameterizedTest(name = "{0} --version prints the project version")
    @ValueSource(strings = {"connector", "observability", "promtest", "simulate"})
    void version_prints_the_project_version(String program) {
        Result result = InProcess.run(program, "--version");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().startsWith("Live Feed Ops " + VersionProvider.VERSION), result::toString);
    }

    @ParameterizedTest(name = "{0} with an unknown option exits 2 and names the option")
    @ValueSource(strings = {"connector", "observability", "promtest", "simulate"})
    void unknown_option_is_a_usage_error(String program) {
        Result result = InProcess.run(program, "--no-such-option");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("--no-such-option"), result::toString);
    }

    // How the edge turns the core's errors into command-line words (CommandLines): a command that throws what it is given.

    @Command(name = "tool", subcommands = Tool.Run.class)
    static class Tool {
        @Option(names = "--state-dir") String stateDir;

        @Command(name = "run")
        static class Run implements Callable<Integer> {
            static RuntimeException toThrow;
            @Option(names = "--sink") String sink;
            @Option(names = "--prometheus-port") Integer prometheusPort;
            @Option(names = {"-c", "--ca-file"}, descriptionKey = "trusted certificates") String caFile;

            @Override
            public Integer call() {
                throw toThrow;
            }
        }
    }

    static Result runTool(RuntimeException thrown) {
        Tool.Run.toThrow = thrown;
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = CommandLines.of(new Tool());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("run");
        return new Result(exit, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "the setting ''{0}'' is named {1}")
    @CsvSource(delimiter = '|', value = {
        "sink                 | --sink",
        "prometheus port      | --prometheus-port",
        "trusted certificates | --ca-file",
        "state dir            | --state-dir",
    })
    void a_setting_is_named_by_the_executing_commands_flag(String setting, String flag) {
        Result result = runTool(new InvalidInput(setting, "x: use none, stdout or file:PATH"));
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertEquals("tool: " + flag + " x: use none, stdout or file:PATH" + System.lineSeparator(), result.stderr());
    }

    @Test
    void a_sentence_gets_the_flag_where_the_core_put_the_setting() {
        Result result = runTool(new InvalidInput("prometheus port",
                name -> "port 9090 for prometheus is in use: choose another port with " + name));
        assertEquals("tool: port 9090 for prometheus is in use: choose another port with --prometheus-port"
                + System.lineSeparator(), result.stderr());
        assertEquals(ExitCode.USAGE, result.exitCode());
    }

    @Test
    void a_detail_that_begins_with_a_colon_follows_the_flag_at_once() {
        Result result = runTool(new InvalidInput("sink", ": unknown venue 'nasdaq'"));
        assertEquals("tool: --sink: unknown venue 'nasdaq'" + System.lineSeparator(), result.stderr());
    }

    @Test
    void a_setting_the_command_has_no_flag_for_keeps_the_domains_words() {
        Result result = runTool(new InvalidInput("telegram api url", "localhost: is not an http(s) URL"));
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertEquals("tool: telegram api url localhost: is not an http(s) URL" + System.lineSeparator(), result.stderr());
    }

    @Test
    void input_without_a_setting_is_its_message_on_one_line() {
        Result result = runTool(new InvalidInput("ops/prometheus/alerts.yml is not a YAML mapping"));
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertEquals("tool: ops/prometheus/alerts.yml is not a YAML mapping" + System.lineSeparator(), result.stderr());
    }

    @Test
    void the_edges_own_usage_error_is_its_message_and_exit_2() {
        Result result = runTool(new UsageException("--json reports a followed drill: drop --no-wait"));
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertEquals("tool: --json reports a followed drill: drop --no-wait" + System.lineSeparator(), result.stderr());
    }

    @Test
    void a_part_outside_that_failed_is_one_line_and_exit_1() {
        Result result = runTool(new livefeed.api.ApiException("GET /api/v1/rules: HTTP 503 (Service Unavailable)", 503));
        assertEquals(ExitCode.FAILED, result.exitCode(), result::toString);
        assertEquals("tool: GET /api/v1/rules: HTTP 503 (Service Unavailable)" + System.lineSeparator(), result.stderr());
    }

    @Test
    void any_other_error_is_a_failure_with_its_stack_trace() {
        Result result = runTool(new IllegalStateException("a bug"));
        assertEquals(ExitCode.FAILED, result.exitCode(), result::toString);
        assertTrue(result.stderr().startsWith("tool: java.lang.IllegalStateException: a bug"), result::toString);
        assertTrue(result.stderr().contains("\tat "), "with its stack trace: " + result);
    }

    @Test
    void the_exit_code_mapper_says_2_for_bad_input_and_1_for_the_rest() {
        assertEquals(ExitCode.USAGE, CommandLines.exitCode(new InvalidInput("x")));
        assertEquals(ExitCode.USAGE, CommandLines.exitCode(new UsageException("x")));
        assertEquals(ExitCode.USAGE, CommandLines.exitCode(new livefeed.tools.ProvisionException("x")));
        assertEquals(ExitCode.FAILED, CommandLines.exitCode(new RuntimeException("x")));
    }

    @ParameterizedTest(name = "{0} {1} names the setting ''{2}'' {3}")
    @CsvSource(delimiter = '|', value = {
        "connector     | ''           | sink               | --sink",
        "connector     | ''           | ca file            | --ca-file",
        "connector     | replay       | input              | --input",
        "observability | up           | prometheus port    | --prometheus-port",
        "observability | up           | connector port     | --connector-port",
        "observability | up           | alertmanager port  | --alertmanager-port",
        "observability | up           | grafana port       | --grafana-port",
        "observability | up           | telegram inbox port| --telegram-inbox-port",
        "observability | up           | offline            | --offline",
        "observability | logs         | follow             | --follow",
        "observability | image        | name               | --name",
        "observability | image        | push               | --push",
        "observability | up           | backend            | --backend",
        "observability | dashboard    | port               | --port",
        "promtest      | check        | engine             | --engine",
        "promtest      | lint         | ops                | --ops",
        "simulate      | SCENARIO     | threshold override | --threshold-override",
    })
    void the_programs_have_a_flag_for_the_settings_their_core_names(String program, String subcommand, String setting,
            String flag) {
        CommandLine cli = livefeed.testsupport.InProcess.commandLine(program);
        String name = subcommand.equals("SCENARIO") ? livefeed.drills.Scenario.values()[0].wireName : subcommand;
        CommandLine command = name.isEmpty() ? cli : cli.getSubcommands().get(name);
        assertEquals(java.util.Optional.of(flag), CommandLines.flag(command.getCommandSpec(), setting.strip()));
    }

    /**
     * Every setting the core names in a literal ({@code new InvalidInput("sink", ...)}) is a flag of some command of
     * the four programs: a flag renamed without its setting would leave the person reading the domain's words.
     */
    @Test
    void every_setting_the_core_names_is_a_flag_of_some_program() throws java.io.IOException {
        java.util.regex.Pattern named = java.util.regex.Pattern.compile(
                "new (?:InvalidInput|ToolMissingException)\\((?:tool, )?\"([a-z][a-z ]*)\",");
        java.util.Set<String> settings = new java.util.TreeSet<>();
        try (var files = java.nio.file.Files.walk(livefeed.testsupport.Project.root().resolve("livefeed"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                named.matcher(java.nio.file.Files.readString(file)).results().forEach(m -> settings.add(m.group(1)));
            }
        }
        assertTrue(settings.containsAll(java.util.List.of("sink", "input", "engine", "offline")), settings::toString);
        java.util.List<CommandLine.Model.CommandSpec> commands = new java.util.ArrayList<>();
        for (String program : java.util.List.of("connector", "observability", "promtest", "simulate")) {
            addWithSubcommands(InProcess.commandLine(program), commands);
        }
        java.util.List<String> unnamed = settings.stream()
                .filter(setting -> commands.stream().noneMatch(c -> CommandLines.flag(c, setting).isPresent())).toList();
        assertEquals(java.util.List.of(), unnamed, "settings no program has a flag for");
    }

    private static void addWithSubcommands(CommandLine cli, java.util.List<CommandLine.Model.CommandSpec> into) {
        into.add(cli.getCommandSpec());
        cli.getSubcommands().values().forEach(sub -> addWithSubcommands(sub, into));
    }
}
