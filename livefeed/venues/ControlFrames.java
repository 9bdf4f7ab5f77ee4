//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.venues;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the rare control frames as trees; the hot path (trades) never comes here. */
final class ControlFrames {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ControlFrames() {}

    /** The frame as a JSON object, or null when it is not one. */
    static JsonNode read(String frame) {
        try {
            JsonNode node = JSON.readTree(frame);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
