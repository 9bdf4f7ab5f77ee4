package livefeed.venues;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import livefeed.feed.FrameParser;

/**
 * What one venue's protocol is: where to connect, how to subscribe and keep the connection alive, which frames
 * carry trades, and what its control frames (acks, errors, shutdown notices) mean. Connection policy (backoff,
 * liveness timers, rotation) is not here: it lives once, in {@code livefeed.connector.FeedConnection}.
 */
public interface Venue {
    /** The venue's name, as in the metrics' {@code venue} label and {@code --venue}. */
    String name();

    List<String> defaultSymbols();

    /** The symbol as the venue's trade payload spells it, or an IllegalArgumentException saying what is wrong. */
    String checkSymbol(String symbol);

    URI endpoint(List<String> symbols);

    /** Text frames to send once the socket is open. */
    List<String> subscribeMessages(List<String> symbols);

    /** True when opening the socket subscribes (Binance streams named in the URL): no ack to wait for. */
    boolean subscribedOnOpen();

    /** An application-level keepalive to send this often, or null when the venue needs none. */
    Duration keepaliveInterval();

    String keepaliveMessage();

    /** A cheap check on the receive thread: does this frame (probably) carry trades? Others go to {@link #onControl}. */
    boolean isData(String frame);

    /** Handles a frame that is not data, on the receive thread (rare frames: a tree parser is fine here). */
    void onControl(String frame, ControlEvents events);

    FrameParser newParser();

    /** How a venue spells its symbols, with an example for the error message. */
    record SymbolSpelling(Pattern pattern, String example) {
        public SymbolSpelling(String regex, String example) {
            this(Pattern.compile(regex), example);
        }

        /** The symbol in upper case, or an IllegalArgumentException naming the venue's spelling. */
        public String check(String venue, String symbol) {
            String s = symbol.toUpperCase(Locale.ROOT);
            if (!pattern.matcher(s).matches()) {
                throw new IllegalArgumentException("unknown " + venue + " symbol '" + symbol
                        + "': use the venue's spelling, e.g. " + example);
            }
            return s;
        }
    }

    /** What the connection policy needs to hear about from control frames. */
    interface ControlEvents {
        void subscribed();

        /** An error frame from the venue. */
        void venueError(String message);

        /** The venue announced it will close this connection (Binance serverShutdown): rotate now. */
        void serverShutdown();

        /** A control frame that could not be read. */
        void malformed(String frame);
    }
}
