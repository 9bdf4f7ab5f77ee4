package livefeed.venues;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import livefeed.feed.FrameParser;

/**
 * Binance spot trade streams. The streams are named in the URL ({@code /ws/<s>@trade} for one symbol,
 * {@code /stream?streams=a@trade/b@trade} for several), so opening the socket subscribes. Keepalive is Binance's
 * PING control frame, answered with a PONG echoing its payload (the WebSocket library does that). A
 * {@code serverShutdown} event asks for a fresh connection. The embedded simulated venue speaks this protocol too.
 */
public final class BinanceVenue extends JsonVenue {
    public static final URI PUBLIC_ENDPOINT = URI.create("wss://stream.binance.com:9443");
    private static final SymbolSpelling SPELLING = new SymbolSpelling("[A-Z0-9]{2,20}", "BTCUSDT");

    public BinanceVenue(String name, URI base, List<String> defaults) {
        super(name, base, defaults, SPELLING);
    }

    @Override
    public URI endpoint(List<String> symbols) {
        return endpoint(base(), symbols);
    }

    /** The stream URL on {@code base} for {@code symbols}: raw for one symbol, combined for several. */
    public static URI endpoint(URI base, List<String> symbols) {
        String root = base.toString().replaceAll("/+$", "");
        if (symbols.size() == 1) {
            return URI.create(root + "/ws/" + symbols.get(0).toLowerCase(Locale.ROOT) + "@trade");
        }
        return URI.create(root + "/stream?streams=" + symbols.stream()
                .map(s -> s.toLowerCase(Locale.ROOT) + "@trade").collect(Collectors.joining("/")));
    }

    @Override
    public List<String> subscribeMessages(List<String> symbols) {
        return List.of();
    }

    @Override
    public boolean subscribedOnOpen() {
        return true;
    }

    @Override
    public boolean isData(String frame) {
        return frame.contains("\"e\":\"trade\"");
    }

    @Override
    void onControl(JsonNode node, ControlEvents events) {
        JsonNode event = node.has("data") ? node.get("data") : node;
        if ("serverShutdown".equals(event.path("e").asText())) {
            events.serverShutdown();
        } else if (node.has("code") && node.has("msg")) {
            events.venueError("code " + node.get("code").asText() + ": " + node.get("msg").asText());
        } else if (node.has("result") && node.has("id")) {
            events.subscribed();
        }
    }

    @Override
    public FrameParser newParser() {
        return new BinanceParser();
    }
}
