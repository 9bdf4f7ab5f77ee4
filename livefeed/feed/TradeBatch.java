package livefeed.feed;

/** The trades one frame carried, in reusable slots (a Kraken frame can carry many; Binance and Coinbase one). */
public final class TradeBatch {
    private Trade[] trades = new Trade[] {new Trade(), new Trade(), new Trade(), new Trade()};
    private int size;

    public void clear() {
        size = 0;
    }

    /** The next free slot; it becomes part of the batch. */
    public Trade add() {
        if (size == trades.length) {
            Trade[] grown = java.util.Arrays.copyOf(trades, size * 2);
            for (int i = size; i < grown.length; i++) {
                grown[i] = new Trade();
            }
            trades = grown;
        }
        return trades[size++];
    }

    public int size() {
        return size;
    }

    public Trade get(int i) {
        return trades[i];
    }
}
