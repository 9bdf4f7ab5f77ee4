package livefeed.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What Telegram shows of an HTML message, and what it refuses, with its own words. */
class TelegramHtmlTest {
    @Test
    void renders_supported_tags_as_their_text_and_decodes_entities() throws Exception {
        assertEquals("FIRING ReconnectSpike [warning]\nvenue sim\n5 < 6 & \"x\" runbook",
                TelegramHtml.render("<b>FIRING</b> <b>ReconnectSpike</b> [warning]\nvenue <code>sim</code>\n"
                        + "5 &lt; 6 &amp; &quot;x&quot; <a href=\"https://x.example/#a?b>c\">runbook</a>", "HTML"));
        assertEquals("a & b", TelegramHtml.render("a & b", "HTML"), "an & that starts no entity stays itself");
        assertEquals("<br>", TelegramHtml.render("<br>", ""), "without parse_mode, tags are text");
    }

    @Test
    void refuses_what_Telegram_refuses_with_its_error_text_and_byte_offset() {
        assertRefused("Bad Request: can't parse entities: Unsupported start tag \"br\" at byte offset 7", "é <b>x<br></b>");
        assertRefused("Bad Request: can't parse entities: Unsupported start tag \"\" at byte offset 2", "a < b");
        assertRefused("Bad Request: can't parse entities: Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\"",
                "<b><i>x</b></i>");
        assertRefused("Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"", "<b>x");
        assertRefused("Bad Request: can't parse entities: Unexpected end tag at byte offset 1", "x</b>");
        assertRefused("Bad Request: can't parse entities: Unclosed start tag at byte offset 1", "x<b");
        assertRefused("Bad Request: message text is empty", "<b> </b>");
        assertRefused("Bad Request: message is too long", "x".repeat(4097));
    }

    private static void assertRefused(String description, String html) {
        TelegramHtml.Refused refused = assertThrows(TelegramHtml.Refused.class, () -> TelegramHtml.render(html, "HTML"), html);
        assertEquals(description, refused.getMessage(), html);
    }
}
