package livefeed.alertmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import livefeed.errors.InvalidInput;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import livefeed.testsupport.Toolset;
import livefeed.tools.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered Alertmanager config, checked by the real amtool: of the Alertmanager compose pins, and whether it
 * loads of the installed one too.
 */
class AlertmanagerConfigTest {
    static final String TOKEN = "123456789:AAFakeTokenForTests_0123456789abcdef";

    @TempDir
    Path dir;

    Path template() {
        return Project.root().resolve("ops/alertmanager/alertmanager.yml.tmpl");
    }

    Path secrets(String token, String chatId) throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        if (token != null) {
            Files.writeString(secrets.resolve(AlertmanagerConfig.TOKEN_FILE), token);
        }
        if (chatId != null) {
            Files.writeString(secrets.resolve(AlertmanagerConfig.CHAT_ID_FILE), chatId);
        }
        return secrets;
    }

    Path rendered(Path secrets, String apiUrl) {
        Path out = dir.resolve("out/alertmanager.yml");
        AlertmanagerConfig.render(template(), secrets, apiUrl).writeTo(out);
        return out;
    }

    /** amtool of the Alertmanager compose pins. */
    static Result amtool(String... args) {
        return amtool(Toolset.PINNED, args);
    }

    static Result amtool(Toolset toolset, String... args) {
        List<String> command = new ArrayList<>();
        command.add(toolset.assumeAvailable().finder().require(Tool.AMTOOL).toString());
        command.addAll(List.of(args));
        return Project.run(command, Map.of(), Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "with secrets the config passes amtool and delivers to Telegram, on {0}")
    @EnumSource(Toolset.class)
    void with_secrets_the_config_passes_amtool_and_delivers_to_Telegram(Toolset toolset) throws IOException {
        Path out = rendered(secrets(TOKEN + "\n", "-1001234567890\n"), "http://127.0.0.1:8081");
        Result check = amtool(toolset, "check-config", out.toString());
        assertEquals(0, check.exitCode(), check::toString);
        assertTrue(check.stdout().contains("3 receivers"), check::toString);
        String yaml = Files.readString(out);
        assertTrue(yaml.contains("bot_token: " + TOKEN) || yaml.contains("bot_token: '" + TOKEN + "'"), yaml);
        assertTrue(yaml.contains("chat_id: -1001234567890\n"), "chat_id unquoted:\n" + yaml);
        assertTrue(yaml.contains("api_url: http://127.0.0.1:8081"), yaml);
        assertFalse(yaml.contains("FILLED_IN_FROM"), yaml);
    }

    @ParameterizedTest(name = "without secrets the config passes amtool and delivers nowhere, on {0}")
    @EnumSource(Toolset.class)
    void without_secrets_the_config_passes_amtool_and_delivers_nowhere(Toolset toolset) throws IOException {
        AlertmanagerConfig config = AlertmanagerConfig.render(template(), dir.resolve("no-such-folder"), null);
        assertFalse(config.deliversToTelegram());
        assertFalse(config.yaml().contains("telegram_configs"), config.yaml());
        Path out = rendered(dir.resolve("no-such-folder"), null);
        Result check = amtool(toolset, "check-config", out.toString());
        assertEquals(0, check.exitCode(), check::toString);
    }

    @ParameterizedTest(name = "{0} goes to the receiver {1}")
    @CsvSource({
        "alertname=ConnectorDown severity=critical, telegram-critical",
        "alertname=NoBarsIn5m severity=critical venue=binance, telegram-critical",
        "alertname=HighBarCloseLag severity=warning venue=kraken symbol=MATIC/USD, telegram-warning",
        "alertname=Watchdog severity=none, watchdog",
        "alertname=SomethingNew, telegram-warning"})
    void routes_by_severity_with_Watchdog_apart(String labels, String receiver) throws IOException {
        Path out = rendered(secrets(TOKEN, "42"), null);
        List<String> args = new ArrayList<>(List.of("config", "routes", "test", "--config.file=" + out,
                "--verify.receivers=" + receiver));
        args.addAll(List.of(labels.split(" ")));
        Result test = amtool(args.toArray(String[]::new));
        assertEquals(0, test.exitCode(), test::toString);
    }

    @Test
    void routing_is_the_same_without_secrets() {
        Path out = rendered(dir.resolve("none"), null);
        Result test = amtool("config", "routes", "test", "--config.file=" + out, "--verify.receivers=watchdog",
                "alertname=Watchdog");
        assertEquals(0, test.exitCode(), test::toString);
    }

    @Test
    void an_empty_token_is_an_error_that_names_the_file_and_writes_nothing() throws IOException {
        Path secrets = secrets("  \n", "42");
        InvalidInput e = assertThrows(InvalidInput.class, () -> rendered(secrets, null));
        assertTrue(e.getMessage().contains("telegram_bot_token is empty"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    @ParameterizedTest(name = "the chat id {0} is refused")
    @ValueSource(strings = {"\"12345\"", "'12345'", "12345abc", "@mychannel", ""})
    void a_chat_id_that_is_not_an_integer_is_an_error(String chatId) throws IOException {
        Path secrets = secrets(TOKEN, chatId);
        InvalidInput e = assertThrows(InvalidInput.class, () -> rendered(secrets, null));
        assertTrue(e.getMessage().contains("telegram_chat_id is not an integer chat id"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), "no secret in the message");
    }

    @ParameterizedTest(name = "a quoted chat id in a config is what Alertmanager rejects, on {0}")
    @EnumSource(Toolset.class)
    void a_quoted_chat_id_in_a_config_is_what_Alertmanager_rejects(Toolset toolset) throws IOException {
        Path out = rendered(secrets(TOKEN, "42"), null);
        Path quoted = dir.resolve("quoted.yml");
        Files.writeString(quoted, Files.readString(out).replace("chat_id: 42", "chat_id: '42'"));
        Result check = amtool(toolset, "check-config", quoted.toString());
        assertEquals(1, check.exitCode(), check::toString);
    }

    @Test
    void half_the_secrets_is_an_error() throws IOException {
        Path secrets = secrets(TOKEN, null);
        InvalidInput e = assertThrows(InvalidInput.class, () -> rendered(secrets, null));
        assertTrue(e.getMessage().contains("telegram_chat_id is missing"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN));
    }

    @Test
    void a_failed_render_leaves_the_previous_config_untouched() throws IOException {
        Path out = rendered(secrets(TOKEN, "42"), null);
        String before = Files.readString(out);
        Files.writeString(dir.resolve("secrets").resolve(AlertmanagerConfig.CHAT_ID_FILE), "forty-two");
        assertThrows(InvalidInput.class, () -> rendered(dir.resolve("secrets"), null));
        assertEquals(before, Files.readString(out));
        try (var files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "no temp file left behind");
        }
    }

    @Test
    void the_rendered_file_and_its_new_folder_are_the_owners_only() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        Path out = rendered(secrets(TOKEN, "42"), null);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)), "it holds the token");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("secrets").resolve(AlertmanagerConfig.TOKEN_FILE))), "the token file is tightened too");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets"))),
                "and its folder");
    }

    @Test
    void compose_hands_the_rendered_file_to_alertmanagers_user_only() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing a file's owner needs root");
        Path out = dir.resolve("rendered/alertmanager.yml");
        AlertmanagerConfig.render(template(), secrets(TOKEN, "42"), null).writeTo(out, 65534);
        assertEquals(65534, Files.getAttribute(out, "unix:uid"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void a_token_file_that_notepad_wrote_with_a_byte_order_mark_is_read_without_it() throws IOException {
        String config = AlertmanagerConfig.render(template(), secrets("\uFEFF" + TOKEN + "\r\n", "\uFEFF42\r\n"), null).yaml();
        assertTrue(config.contains("bot_token: " + TOKEN + "\n"), config);
        assertTrue(config.contains("chat_id: 42\n"), config);
        assertFalse(config.contains("\uFEFF"));
    }

    @ParameterizedTest(name = "a token with U+{0} inside is refused without being printed")
    @ValueSource(strings = {"000D", "000A", "0085", "2028", "2029"})
    void a_token_with_a_line_or_paragraph_separator_is_refused_without_printing_it(String codePoint) throws IOException {
        String half = "123456789:AAFakeToken";
        String rest = "ForTests_0123456789abcdef";
        Path secrets = secrets(half + Character.toString(Integer.parseInt(codePoint, 16)) + rest + "\n", "42");
        InvalidInput e = assertThrows(InvalidInput.class, () -> AlertmanagerConfig.render(template(), secrets, null));
        assertTrue(e.getMessage().contains("line break or a Unicode line or paragraph separator"), e::getMessage);
        assertFalse(e.getMessage().contains(half) || e.getMessage().contains(rest), e::getMessage);
    }

    @Test
    void a_malformed_telegram_api_url_is_an_error() throws IOException {
        Path secrets = secrets(TOKEN, "42");
        InvalidInput e = assertThrows(InvalidInput.class, () -> rendered(secrets, "localhost:8081"));
        assertEquals(java.util.Optional.of("telegram api url"), e.setting(), e.getMessage());
        assertTrue(e.getMessage().contains("localhost:8081 is not an http(s) URL"), e.getMessage());
    }
}
