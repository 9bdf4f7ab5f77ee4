package livefeed.venues;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import livefeed.feed.FrameParser;

/**
 * Coinbase Exchange {@code ws-feed}: subscribe to {@code matches} and {@code heartbeat} within 5 s of opening; the
 * {@code subscriptions} reply acknowledges; the heartbeat channel (1/s per product) keeps the connection alive.
 */
public final class CoinbaseVenue implements Venue {
    public static final URI PUBLIC_ENDPOINT = URI.create("wss://ws-feed.exchange.coinbase.com");
    private static final SymbolSpelling SPELLING = new SymbolSpelling("[A-Z0-9]{2,10}-[A-Z0-9]{2,10}", "BTC-USD");
    private final URI base;

    public CoinbaseVenue(URI base) {
        this.base = base;
    }

    @Override
    public String name() {
        return "coinbase";
    }

    @Override
    public List<String> defaultSymbols() {
        return List.of("BTC-USD", "ETH-USD");
    }

    @Override
    public String checkSymbol(String symbol) {
        return SPELLING.check(name(), symbol);
    }

    @Override
    public URI endpoint(List<String> symbols) {
        return base;
    }

    @Override
    public List<String> subscribeMessages(List<String> symbols) {
        return List.of(ControlFrames.json(Map.of("type", "subscribe", "product_ids", symbols,
                "channels", List.of("matches", "heartbeat"))));
    }

    @Override
    public boolean subscribedOnOpen() {
        return false;
    }

    @Override
    public Duration keepaliveInterval() {
        return null;
    }

    @Override
    public String keepaliveMessage() {
        return null;
    }

    @Override
    public boolean isData(String frame) {
        return frame.contains("\"type\":\"match\"") || frame.contains("\"type\":\"last_match\"");
    }

    @Override
    public void onControl(String frame, ControlEvents events) {
        JsonNode node = ControlFrames.read(frame);
        if (node == null) {
            events.malformed(frame);
            return;
        }
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
