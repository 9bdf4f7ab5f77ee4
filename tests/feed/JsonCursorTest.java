package livefeed.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The allocation-free JSON reader under the venue parsers: exact decimals, escapes, timestamps, malformed input. */
class JsonCursorTest {

    @ParameterizedTest(name = "{0} reads as {1} x 10^-{2}")
    @CsvSource({"\"0.00100000\",1,3", "0.5147,5147,4", "100,100,0", "\"100.0\",100,0", "5e-05,5,5", "1.5E+3,1500,0",
        "-0.25,-25,2", "0,0,0", "\"0.000\",0,0", "999999999999999999,999999999999999999,0"})
    void decimals_are_read_exactly_as_unscaled_and_scale(String json, long unscaled, int scale) {
        JsonCursor c = new JsonCursor().reset("{\"v\":" + json + "}");
        c.beginObject();
        c.nextField();
        c.readDecimal();
        assertEquals(unscaled, c.unscaled);
        assertEquals(scale, c.scale);
    }

    @ParameterizedTest(name = "{0} is malformed")
    @ValueSource(strings = {"1234567890123456789", "01", "1.", ".5", "\"1,5\"", "\"\"", "-", "1e", "\"1.2.3\""})
    void numbers_outside_the_grammar_or_beyond_18_digits_are_malformed(String json) {
        JsonCursor c = new JsonCursor().reset("{\"v\":" + json + "}");
        c.beginObject();
        c.nextField();
        assertSame(MalformedFrame.INSTANCE, assertThrows(MalformedFrame.class, c::readDecimal));
    }

    @ParameterizedTest(name = "{0} is skipped whole")
    @ValueSource(strings = {"\"a\\\"b\\\\c\\u00e9\\n\"", "{\"x\":[1,{\"y\":null}],\"z\":\"}\"}", "[true,false,null,-1.5e-3]"})
    void values_of_unknown_fields_are_skipped_whatever_their_escapes_and_nesting(String json) {
        JsonCursor c = new JsonCursor().reset("{\"unknown\":" + json + ",\"t\":7}");
        c.beginObject();
        c.nextField();
        c.skipValue();
        c.nextField();
        assertEquals('t', c.keyChar());
        assertEquals(7, c.readLong());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2023-09-25T07:48:36.925533Z", "2014-11-07T08:19:27.028459Z", "2026-02-28T23:59:59Z",
        "2024-02-29T12:00:00.5+02:00", "1969-12-31T23:59:59.999999Z"})
    void rfc3339_timestamps_read_as_epoch_microseconds(String text) {
        Instant i = java.time.OffsetDateTime.parse(text).toInstant();
        assertEquals(i.getEpochSecond() * 1_000_000 + i.getNano() / 1000, Timestamps.parseMicros(text, 0, text.length()));
    }
}
