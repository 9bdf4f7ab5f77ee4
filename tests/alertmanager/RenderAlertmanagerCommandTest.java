package livefeed.alertmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import livefeed.cli.ExitCode;
import livefeed.cli.CommandLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code render-alertmanager} as a command: what it says and its exit codes. */
class RenderAlertmanagerCommandTest {
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = CommandLines.of(new RenderAlertmanagerCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void without_secrets_it_writes_a_config_and_says_it_delivers_nowhere() {
        Path config = dir.resolve("am/alertmanager.yml");
        int exit = run("--secrets", dir.resolve("none").toString(), "--out", config.toString());
        assertEquals(ExitCode.OK, exit, err::toString);
        assertTrue(Files.isRegularFile(config));
        assertTrue(out.toString().contains("WITHOUT Telegram"), out::toString);
    }

    @Test
    void without_secrets_and_with_the_telegram_inbox_it_delivers_there_with_owner_only_throwaway_secrets() throws IOException {
        Path config = dir.resolve("am.yml");
        Path inboxSecrets = dir.resolve("telegram/secrets");
        int exit = run("--secrets", dir.resolve("none").toString(), "--out", config.toString(),
                "--telegram-inbox", "http://telegram_inbox:8081", "--telegram-inbox-secrets", inboxSecrets.toString());
        assertEquals(ExitCode.OK, exit, err::toString);
        assertTrue(out.toString().contains("alerts go to the stack's Telegram inbox at http://telegram_inbox:8081"), out::toString);
        String token = Files.readString(inboxSecrets.resolve("telegram_bot_token")).strip();
        String yaml = Files.readString(config);
        assertTrue(yaml.contains("api_url: http://telegram_inbox:8081") && yaml.contains("bot_token: " + token), yaml);
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(inboxSecrets)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(inboxSecrets.resolve("telegram_bot_token"))));
        assertFalse(out.toString().contains(token), "the token is never printed");
        run("--secrets", dir.resolve("none").toString(), "--out", config.toString(),
                "--telegram-inbox", "http://telegram_inbox:8081", "--telegram-inbox-secrets", inboxSecrets.toString());
        assertEquals(token, Files.readString(inboxSecrets.resolve("telegram_bot_token")).strip(), "written once, kept");
    }

    @Test
    void with_secrets_it_says_where_alerts_go_and_never_prints_the_token() throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("telegram_bot_token"), "123:secret-token-value");
        Files.writeString(secrets.resolve("telegram_chat_id"), "42");
        int exit = run("--secrets", secrets.toString(), "--out", dir.resolve("am.yml").toString(),
                "--telegram-api-url", "http://127.0.0.1:9");
        assertEquals(ExitCode.OK, exit, err::toString);
        assertTrue(out.toString().contains("alerts go to Telegram through http://127.0.0.1:9"), out::toString);
        assertFalse((out.toString() + err).contains("secret-token-value"));
    }

    @Test
    void a_malformed_telegram_api_url_exits_2_naming_the_flag() throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("telegram_bot_token"), "123:secret-token-value");
        Files.writeString(secrets.resolve("telegram_chat_id"), "42");
        int exit = run("--secrets", secrets.toString(), "--out", dir.resolve("am.yml").toString(),
                "--telegram-api-url", "localhost:8081");
        assertEquals(ExitCode.USAGE, exit, err::toString);
        assertTrue(err.toString().contains(": --telegram-api-url localhost:8081 is not an http(s) URL"), err::toString);
        assertFalse(Files.exists(dir.resolve("am.yml")));
    }

    @Test
    void bad_secrets_exit_2_with_one_line_and_no_file() throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("telegram_bot_token"), "");
        Files.writeString(secrets.resolve("telegram_chat_id"), "42");
        Path config = dir.resolve("am.yml");
        int exit = run("--secrets", secrets.toString(), "--out", config.toString());
        assertEquals(ExitCode.USAGE, exit);
        assertEquals(1, err.toString().lines().count(), err::toString);
        assertTrue(err.toString().contains("telegram_bot_token is empty"), err::toString);
        assertFalse(Files.exists(config));
    }

    @Test
    void a_token_split_by_a_unicode_line_separator_exits_2_without_printing_it_and_writes_nothing() throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("telegram_bot_token"), "123:secret-token\u2028value\n");
        Files.writeString(secrets.resolve("telegram_chat_id"), "42");
        Path config = dir.resolve("am.yml");
        int exit = run("--secrets", secrets.toString(), "--out", config.toString());
        assertEquals(ExitCode.USAGE, exit, err::toString);
        assertEquals(1, err.toString().lines().count(), err::toString);
        assertTrue(err.toString().contains("telegram_bot_token holds a line break or a Unicode line or paragraph separator"),
                err::toString);
        assertFalse((out.toString() + err).contains("secret-token") || (out.toString() + err).contains("value"), err::toString);
        assertFalse(Files.exists(config));
    }

    @Test
    void a_missing_template_is_a_usage_error() {
        int exit = run("--template", dir.resolve("nope.tmpl").toString(), "--out", dir.resolve("am.yml").toString());
        assertEquals(ExitCode.USAGE, exit);
        assertTrue(err.toString().contains("does not exist"), err::toString);
    }
}
