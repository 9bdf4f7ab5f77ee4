package livefeed.venues;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import livefeed.feed.FrameParser;

/**
 * Kraken Spot WebSocket v2: subscribe to {@code trade} (without the snapshot, which would only repeat trades);
 * the subscribe reply says {@code success}; Kraken closes a silent connection after about a minute, so an
 * application {@code ping} goes out every 20 s.
 */
public final class KrakenVenue extends JsonVenue {
    public static final URI PUBLIC_ENDPOINT = URI.create("wss://ws.kraken.com/v2");
    private static final SymbolSpelling SPELLING = new SymbolSpelling("[A-Z0-9]{2,10}/[A-Z0-9]{2,10}", "BTC/USD");

    public KrakenVenue(URI base) {
        super("kraken", base, List.of("BTC/USD", "ETH/USD"), SPELLING);
    }

    @Override
    public List<String> subscribeMessages(List<String> symbols) {
        return List.of(ControlFrames.json(Map.of("method", "subscribe",
                "params", Map.of("channel", "trade", "symbol", symbols, "snapshot", false))));
    }

    @Override
    public Duration keepaliveInterval() {
        return Duration.ofSeconds(20);
    }

    @Override
    public String keepaliveMessage() {
        return "{\"method\":\"ping\"}";
    }

    @Override
    public boolean isData(String frame) {
        // Acks echo the channel too ({"method":"subscribe","result":{"channel":"trade",...}}): they are control.
        return frame.contains("\"channel\":\"trade\"") && !frame.contains("\"method\"");
    }

    @Override
    void onControl(JsonNode node, ControlEvents events) {
        if ("subscribe".equals(node.path("method").asText()) && node.has("success")) {
            if (node.path("success").asBoolean(false)) {
                events.subscribed();
            } else {
                events.venueError(node.path("error").asText("subscribe failed"));
            }
        } else if (node.has("error")) {
            events.venueError(node.path("error").asText());
        }
        // status, heartbeat, pong: liveness only
    }

    @Override
    public FrameParser newParser() {
        return new KrakenParser();
    }
}
