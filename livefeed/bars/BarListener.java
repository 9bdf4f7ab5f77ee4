package livefeed.bars;

/** Receives each bar as the aggregator closes it, on the aggregator's thread. */
@FunctionalInterface
public interface BarListener {
    void onBar(Bar bar);
}
