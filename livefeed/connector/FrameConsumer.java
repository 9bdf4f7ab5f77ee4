package livefeed.connector;

/** Where a connection hands its data frames: the ingest queue, in the live connector. */
@FunctionalInterface
public interface FrameConsumer {
    /**
     * Not a frame: handed over (compared by identity) when a connection subscribes, in order with its frames, so the
     * processing thread lets trade ids start a new sequence (a venue may renumber after a reconnect).
     */
    @SuppressWarnings("StringOperationCanBeSimplified")
    String SUBSCRIBED = new String("(subscribed)");

    void accept(int venueIndex, String frame, long receivedMicros);
}
