package livefeed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four programs, run as a user runs them: {@code ./jbang PROGRAM.java ...}. */
class ProgramsTest {

    @ParameterizedTest(name = "{0} --help prints its usage")
    @ValueSource(strings = {"connector", "observability", "promtest", "simulate"})
    void help_prints_usage(String program) {
        Result result = Project.jbang(program + ".java", "--help");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().startsWith("Usage: " + program), result::toString);
    }

    @ParameterizedTest(name = "{0} --version prints the project version")
    @ValueSource(strings = {"connector", "observability", "promtest", "simulate"})
    void version_prints_the_project_version(String program) {
        Result result = Project.jbang(program + ".java", "--version");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().startsWith("Live Feed Ops " + VersionProvider.VERSION), result::toString);
    }

    @ParameterizedTest(name = "jbang build {0} succeeds")
    @ValueSource(strings = {"connector", "observability", "promtest", "simulate"})
    void jbang_build_succeeds(String program) {
        Result result = Project.jbang("build", program + ".java");
        assertEquals(0, result.exitCode(), result::toString);
    }

    @ParameterizedTest(name = "{0} with an unknown option exits 2 and names the option")
    @ValueSource(strings = {"connector", "observability", "promtest", "simulate"})
    void unknown_option_is_a_usage_error(String program) {
        Result result = Project.jbang(program + ".java", "--no-such-option");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("--no-such-option"), result::toString);
    }
}
