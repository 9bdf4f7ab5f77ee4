package livefeed.feed;

/** A frame that is not the JSON its venue promises. Preallocated and stackless: throwing it costs next to nothing. */
public final class MalformedFrame extends RuntimeException {
    public static final MalformedFrame INSTANCE = new MalformedFrame();

    private MalformedFrame() {
        super("malformed frame", null, false, false);
    }
}
