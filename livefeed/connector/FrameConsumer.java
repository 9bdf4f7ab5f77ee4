package livefeed.connector;

/** Where a connection hands its data frames: the ingest queue, in the live connector. */
@FunctionalInterface
public interface FrameConsumer {
    void accept(int venueIndex, String frame, long receivedMicros);
}
