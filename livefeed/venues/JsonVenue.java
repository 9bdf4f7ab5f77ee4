package livefeed.venues;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;

/**
 * What every venue's protocol shares, so that a venue writes only what is its own (subscribe messages, keepalive,
 * which frames are data, what its control frames mean): a name, the endpoint it connects to, default symbols, how
 * it spells a symbol, and control frames that are JSON objects (one that is not is reported malformed).
 */
abstract class JsonVenue implements Venue {
    private final String name;
    private final URI base;
    private final List<String> defaultSymbols;
    private final SymbolSpelling spelling;

    JsonVenue(String name, URI base, List<String> defaultSymbols, SymbolSpelling spelling) {
        this.name = name;
        this.base = base;
        this.defaultSymbols = List.copyOf(defaultSymbols);
        this.spelling = spelling;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<String> defaultSymbols() {
        return defaultSymbols;
    }

    @Override
    public final String checkSymbol(String symbol) {
        return spelling.check(name, symbol);
    }

    /** The endpoint as given: a venue that subscribes by message connects to the same URL whatever the symbols. */
    @Override
    public URI endpoint(List<String> symbols) {
        return base;
    }

    /** The endpoint the venue was made with (the public one, or a stand-in's). */
    final URI base() {
        return base;
    }

    @Override
    public final void onControl(String frame, ControlEvents events) {
        JsonNode node = ControlFrames.read(frame);
        if (node == null) {
            events.malformed(frame);
            return;
        }
        onControl(node, events);
    }

    /** Handles a control frame that is a JSON object. */
    abstract void onControl(JsonNode frame, ControlEvents events);
}
