package livefeed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.InProcess;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
}
