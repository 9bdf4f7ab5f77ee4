package livefeed.venues;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import livefeed.feed.FrameParser;

/**
 * Coinbase Exchange {@code ws-feed}: subscribe to {@code matches} and {@code heartbeat} within 5 s of opening; the
 * {@code subscriptions} reply acknowledges; the heartbeat channel (1/s per product) keeps the connection alive.
 */
public final class CoinbaseVenue extends JsonVenue {
    public static final URI PUBLIC_ENDPOINT = URI.create("wss://ws-feed.exchange.coinbase.com");
    private static final SymbolSpelling SPELLING = new SymbolSpelling("[A-Z0-9]{2,10}-[A-Z0-9]{2,10}", "BTC-USD");

    public CoinbaseVenue(URI base) {
        super("coinbase", base, List.of("BTC-USD", "ETH-USD"), SPELLING);
    }

    @Override
    public List<String> subscribeMessages(List<String> symbols) {
        return List.of(ControlFrames.json(Map.of("type", "subscribe", "product_ids", symbols,
                "channels", List.of("matches", "heartbeat"))));
    }

    @Override
    public boolean isData(String frame) {
        return frame.contains("\"type\":\"match\"") || frame.contains("\"type\":\"last_match\"");
    }

    @Override
    void onControl(JsonNode node, ControlEvents events) {
        switch (node.path("type").asText()) {
            case "subscriptions" -> events.subscribed();
            case "error" -> events.venueError(node.path("message").asText() + ": " + node.path("reason").asText());
            default -> { }   // heartbeat: liveness only (any frame refreshes the dead-peer timer)
        }
    }

    @Override
    public FrameParser newParser() {
        return new CoinbaseParser();
    }
}
