package livefeed.telegram;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.InProcess;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code observability.java inbox} as a user runs it, on an inbox file of its own. */
@CapturesStandardStreams
class InboxCommandTest {
    @TempDir
    Path state;

    @Test
    void shows_each_message_as_Telegram_renders_it_and_a_refused_one_with_Telegrams_error() throws Exception {
        Inbox inbox = new Inbox(state.resolve("telegram/inbox.jsonl"));
        String firing = "🔴 <b>FIRING</b> <b>ReconnectSpike</b> [warning]\nvenue <code>sim</code> \n4 reconnects to sim in 5 minutes";
        inbox.append(new Inbox.Entry(Instant.parse("2026-12-01T10:00:00Z"), "1", "HTML", firing,
                TelegramHtml.render(firing, "HTML"), 0, null));
        String broken = "✅ <b>RESOLVED</b> <b>HighBarCloseLag</b><br>";
        inbox.append(new Inbox.Entry(Instant.parse("2026-12-01T10:05:00Z"), "1", "HTML", broken, null, 400,
                "Bad Request: can't parse entities: Unsupported start tag \"br\" at byte offset 44"));

        Result text = InProcess.run("observability", "inbox", "--state-dir", state.toString());
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.stdout().startsWith("2026-12-01 10:00:00Z  ReconnectSpike  firing  delivered\n"
                + "    🔴 FIRING ReconnectSpike [warning]\n    venue sim \n    4 reconnects to sim in 5 minutes\n"), text::toString);
        assertTrue(text.stdout().contains("2026-12-01 10:05:00Z  HighBarCloseLag  resolved  REFUSED by Telegram's rules: 400 "
                + "Bad Request: can't parse entities: Unsupported start tag \"br\" at byte offset 44\n"), text::toString);

        Result json = InProcess.run("observability", "inbox", "--json", "--state-dir", state.toString());
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode messages = new ObjectMapper().readTree(json.stdout());
        assertEquals(2, messages.size());
        assertEquals("ReconnectSpike", messages.get(0).path("alert").asText());
        assertTrue(messages.get(0).path("delivered").asBoolean());
        assertEquals(400, messages.get(1).path("error_code").asInt());
    }

    @Test
    void follow_prints_a_message_as_it_arrives() throws Exception {
        Inbox inbox = new Inbox(state.resolve("telegram/inbox.jsonl"));
        Path output = state.resolve("follow.out");
        Process follow = new ProcessBuilder(Project.launcher().toString(), "observability.java", "inbox", "--follow",
                "--state-dir", state.toString()).directory(Project.root().toFile())
                .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await("inbox --follow to start").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
                    () -> read(output).contains("waiting (Ctrl-C ends)"));
            inbox.append(new Inbox.Entry(Instant.now(), "1", "HTML", "<b>FIRING</b> ConnectorDown", "FIRING ConnectorDown", 0, null));
            await("the message to be printed").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
                    () -> read(output).contains("ConnectorDown  firing  delivered\n    FIRING ConnectorDown"));
        } finally {
            follow.descendants().forEach(ProcessHandle::destroy);
            follow.destroy();
            follow.waitFor();
        }
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void an_empty_inbox_says_where_it_looked_and_when_it_fills() {
        Result result = InProcess.run("observability", "inbox", "--state-dir", state.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().startsWith("no messages in " + state.resolve("telegram/inbox.jsonl")), result::toString);
        assertTrue(result.stdout().contains("--alerting and no Telegram secrets"), result::toString);
    }
}
