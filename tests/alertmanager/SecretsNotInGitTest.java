package livefeed.alertmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The Telegram secrets and the rendered config (which holds them) never enter git. */
class SecretsNotInGitTest {

    @BeforeEach
    void in_a_git_checkout() {
        assumeTrue(git("rev-parse", "--is-inside-work-tree").exitCode() == 0, "not a git checkout");
    }

    @Test
    void nothing_but_the_README_of_the_secrets_folder_is_tracked() {
        Result tracked = git("ls-files", "--", "ops/alertmanager/secrets");
        assertEquals(0, tracked.exitCode(), tracked::toString);
        assertEquals(List.of(), tracked.stdout().lines().filter(f -> !f.equals("ops/alertmanager/secrets/README.md")).toList(),
                "a secret is tracked: git rm --cached it, and rotate the token");
    }

    @ParameterizedTest(name = "{0} is ignored")
    @ValueSource(strings = {"ops/alertmanager/secrets/telegram_bot_token", "ops/alertmanager/secrets/telegram_chat_id",
        ".state/alertmanager/alertmanager.yml"})
    void secrets_and_the_rendered_config_are_ignored(String path) {
        Result ignored = git("check-ignore", "--no-index", "-q", path);
        assertEquals(0, ignored.exitCode(), path + " is not git-ignored: " + ignored);
    }

    private static Result git(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            return Project.run(command, Map.of(), Duration.ofSeconds(20));
        } catch (java.io.UncheckedIOException e) {
            return new Result(127, "", "git is not installed");
        }
    }
}
