package livefeed.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What {@link TokenMask} hides, and what it leaves alone. */
class TokenMaskTest {
    @Test
    void a_token_in_alertmanagers_failed_delivery_line_is_hidden_though_this_process_never_read_it() {
        String line = "ts=2026-12-01T15:13:12.382Z caller=dispatch.go:352 level=error msg=\"Notify for alerts failed\" "
                + "err=\"telegram/telegram[0]: notify retry canceled after 3 attempts: telebot: Post "
                + "\\\"https://api.telegram.org/bot987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage\\\": dial tcp\"";
        assertEquals(line.replace("987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "<telegram-token>"), TokenMask.mask(line));
    }

    @Test
    void a_token_this_process_read_is_hidden_whatever_its_shape() {
        TokenMask.remember("short-odd-token");
        assertEquals("token <telegram-token> here", TokenMask.mask("token short-odd-token here"));
    }

    @Test
    void times_ports_digests_and_ordinary_paths_are_left_alone() {
        String line = "2026-12-01T15:13:12Z listening on 127.0.0.1:9093 sha256:0123456789abcdef0123456789abcdef /bottom/x";
        assertEquals(line, TokenMask.mask(line));
    }
}
