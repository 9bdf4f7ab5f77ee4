package livefeed.feed;

/** Turns one venue text frame into trades. One implementation per venue protocol; no state but the symbol table. */
public interface FrameParser {
    /** The frame carried trades to count (possibly none, e.g. an empty update). */
    int TRADES = 0;
    /** Not a trade frame (ack, heartbeat, snapshot, last_match, error, shutdown notice): handled elsewhere or ignored. */
    int NOT_TRADES = 1;
    /** The frame could not be parsed: count it and go on. */
    int MALFORMED = 2;

    /** Parses {@code frame} into {@code out} (cleared first) and returns {@link #TRADES}, {@link #NOT_TRADES} or {@link #MALFORMED}. */
    int parse(String frame, TradeBatch out);

    SymbolTable symbols();
}
