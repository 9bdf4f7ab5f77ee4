package livefeed.venues;

import java.net.URI;
import java.util.List;

/** The venues the connector knows, by name. */
public final class Venues {
    public static final List<String> NAMES = List.of("sim", "binance", "coinbase", "kraken");
    public static final List<String> SIM_SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    private Venues() {}

    /**
     * The venue called {@code name}, connecting to {@code endpoint} (null: the venue's public endpoint; required for
     * {@code sim}, whose server runs in the process).
     */
    public static Venue byName(String name, URI endpoint) {
        return switch (name) {
            case "sim" -> new BinanceVenue("sim", endpoint, SIM_SYMBOLS);
            case "binance" -> new BinanceVenue("binance", endpoint != null ? endpoint : BinanceVenue.PUBLIC_ENDPOINT,
                    List.of("BTCUSDT", "ETHUSDT"));
            case "coinbase" -> new CoinbaseVenue(endpoint != null ? endpoint : CoinbaseVenue.PUBLIC_ENDPOINT);
            case "kraken" -> new KrakenVenue(endpoint != null ? endpoint : KrakenVenue.PUBLIC_ENDPOINT);
            default -> throw new IllegalArgumentException("unknown venue '" + name + "': use one of "
                    + String.join(", ", NAMES));
        };
    }
}
