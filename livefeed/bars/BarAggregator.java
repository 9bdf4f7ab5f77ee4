package livefeed.bars;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import livefeed.feed.SymbolTable;
import livefeed.feed.Trade;

/**
 * Time bars of one venue, bucketed by the trades' own time into {@code [start, start + interval)} aligned to UTC.
 * A bar closes when the clock passes {@code end + grace}: live the clock is the wall clock; in replay it is the
 * latest trade time. A trade for a bar already closed is late (dropped); a trade id already seen for its symbol is a
 * duplicate (dropped). Live, an empty interval gets a flat bar only while the venue is fresh.
 * Knows nothing of WebSockets; one thread drives it. Nothing is allocated per trade.
 */
public final class BarAggregator {
    public static final int ACCEPTED = 0, LATE = 1, DUPLICATE = 2, REJECTED = 3;
    /**
     * Open bars kept per symbol: the current one, those within grace, and any ahead when trade time runs ahead of the
     * clock. Past this many the oldest is closed early rather than growing without bound.
     */
    private static final int MAX_OPEN = 64;
    private static final int MAX_FLAT_RUN = 3600;
    private static final MathContext VWAP = new MathContext(18, RoundingMode.HALF_EVEN);

    private final String venue;
    private final SymbolTable symbols;
    private final long interval;
    private final long grace;
    private final boolean flatBars;
    private final BarListener listener;
    private SymbolBars[] bySymbol = new SymbolBars[16];
    private boolean fresh = true;
    private long extraGrace;
    private long lastMissed;

    public BarAggregator(String venue, SymbolTable symbols, long intervalMillis, long graceMillis, boolean flatBars,
            BarListener listener) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.venue = venue;
        this.symbols = symbols;
        this.interval = intervalMillis;
        this.grace = graceMillis;
        this.flatBars = flatBars;
        this.listener = listener;
    }

    public long intervalMillis() {
        return interval;
    }

    /** Whether the venue is connected with fresh data: flat bars are emitted only then. */
    public void setFresh(boolean fresh) {
        this.fresh = fresh;
    }

    /** Extra delay before closing bars (a drill's fault); 0 normally. */
    public void setExtraGrace(long millis) {
        this.extraGrace = Math.max(0, millis);
    }

    /** The clock time at which the bar ending at {@code end} is due. */
    public long closeTime(long end) {
        return end + grace + extraGrace;
    }

    /**
     * Trade ids the last {@link #onTrade} proved missing: ids of the symbol that fell out of the 64-id window without
     * ever being seen (every venue here numbers trades consecutively per symbol, so these are trades lost in a gap).
     */
    public long lastMissed() {
        return lastMissed;
    }

    public int onTrade(Trade t) {
        SymbolBars s = symbolBars(t.symbol);
        lastMissed = 0;
        if (s.isDuplicate(t.tradeId)) {
            return DUPLICATE;
        }
        long start = Math.floorDiv(t.tradeTimeMillis, interval) * interval;
        if (start < s.lastClosedEnd) {
            return LATE;
        }
        OpenBar bar = s.barFor(start);
        if (bar == null) {
            return LATE;   // older than every open bar, and those are ahead of it: its bar can no longer be emitted in order
        }
        bar.add(t);
        return ACCEPTED;
    }

    /** Closes every bar due at {@code clockMillis} (and, live and fresh, emits flat bars for empty intervals). */
    public void advance(long clockMillis) {
        for (int i = 0; i < bySymbol.length; i++) {
            SymbolBars s = bySymbol[i];
            if (s != null) {
                s.advance(clockMillis);
            }
        }
    }

    /** Emits every open bar (end of a replay): no flat bars. */
    public void flush() {
        for (SymbolBars s : bySymbol) {
            if (s != null) {
                while (s.count > 0) {
                    s.closeFirst(false);
                }
            }
        }
    }

    private SymbolBars symbolBars(int index) {
        if (index >= bySymbol.length) {
            bySymbol = Arrays.copyOf(bySymbol, Math.max(index + 1, bySymbol.length * 2));
        }
        SymbolBars s = bySymbol[index];
        if (s == null) {
            s = new SymbolBars(symbols.name(index));
            bySymbol[index] = s;
        }
        return s;
    }

    private final class SymbolBars {
        final String symbol;
        OpenBar[] open = new OpenBar[4];
        int count;
        long lastClosedEnd = Long.MIN_VALUE;
        boolean hasPrevious;
        long previousUnscaled;
        int previousScale;
        // Duplicate detection: the highest trade id and a bitmap of the 64 ids below and at it.
        boolean anyId;
        long maxId;
        long seenBits;

        SymbolBars(String symbol) {
            this.symbol = symbol;
            for (int i = 0; i < open.length; i++) {
                open[i] = new OpenBar();
            }
        }

        boolean isDuplicate(long id) {
            if (!anyId) {
                anyId = true;
                maxId = id;
                seenBits = -1L;   // ids before the first are not ours to miss
                return false;
            }
            if (id > maxId) {
                long shift = id - maxId;
                if (shift >= 64) {
                    lastMissed = Long.bitCount(~seenBits) + (shift - 64);
                    seenBits = 1;
                } else {
                    lastMissed = Long.bitCount(~seenBits & (-1L << (64 - shift)));   // leaving the window unseen
                    seenBits = (seenBits << shift) | 1;
                }
                maxId = id;
                return false;
            }
            long back = maxId - id;
            if (back >= 64) {
                return true;   // far behind the newest id: treated as seen (ids grow per symbol on every venue here)
            }
            long bit = 1L << back;
            if ((seenBits & bit) != 0) {
                return true;
            }
            seenBits |= bit;
            return false;
        }

        /** The open bar starting at {@code start}, opened if need be; null when it would precede every open bar. */
        OpenBar barFor(long start) {
            for (int i = 0; i < count; i++) {
                long s = open[i].start;
                if (s == start) {
                    return open[i];
                }
                if (s > start) {
                    if (!room()) {
                        return null;
                    }
                    OpenBar fresh = open[count];
                    System.arraycopy(open, i, open, i + 1, count - i);
                    open[i] = fresh;
                    count++;
                    fresh.reset(start);
                    return fresh;
                }
            }
            if (!room()) {
                closeFirst(flatBars);   // trade time ran far ahead of the clock: the oldest bar is surely done
            }
            OpenBar bar = open[count++];
            bar.reset(start);
            return bar;
        }

        /** True when one more bar can be opened (growing the slots up to {@link #MAX_OPEN}). */
        private boolean room() {
            if (count < open.length) {
                return true;
            }
            if (open.length >= MAX_OPEN) {
                return false;
            }
            int old = open.length;
            open = Arrays.copyOf(open, old * 2);
            for (int i = old; i < open.length; i++) {
                open[i] = new OpenBar();
            }
            return true;
        }

        void advance(long clock) {
            while (count > 0 && closeTime(open[0].start + interval) <= clock) {
                closeFirst(flatBars);
            }
            if (flatBars && hasPrevious) {
                long due = Math.floorDiv(clock - grace - extraGrace, interval) * interval;   // every bar ending by here is due
                if (count > 0) {
                    due = Math.min(due, open[0].start);
                }
                fillFlats(due);
            }
        }

        void closeFirst(boolean withFlats) {
            OpenBar bar = open[0];
            if (withFlats) {
                fillFlats(bar.start);
            }
            emit(bar);
            System.arraycopy(open, 1, open, 0, count - 1);
            open[--count] = bar;
        }

        private void fillFlats(long upTo) {
            if (!hasPrevious || lastClosedEnd == Long.MIN_VALUE || upTo <= lastClosedEnd) {
                return;
            }
            if (!fresh || (upTo - lastClosedEnd) / interval > MAX_FLAT_RUN) {
                lastClosedEnd = upTo;   // a gap: no flat bars while the venue is not fresh
                return;
            }
            BigDecimal p = BigDecimal.valueOf(previousUnscaled, previousScale);
            for (long start = lastClosedEnd; start < upTo; start += interval) {
                lastClosedEnd = start + interval;
                listener.onBar(new Bar(venue, symbol, start, start + interval, p, p, p, p, BigDecimal.ZERO,
                        BigDecimal.ZERO, p, 0));
            }
        }

        private void emit(OpenBar b) {
            BigDecimal volume = b.volume.toBigDecimal();
            BigDecimal vwap = b.notional.toBigDecimal().divide(volume, VWAP).stripTrailingZeros();
            Bar bar = new Bar(venue, symbol, b.start, b.start + interval,
                    BigDecimal.valueOf(b.openU, b.openS), BigDecimal.valueOf(b.highU, b.highS),
                    BigDecimal.valueOf(b.lowU, b.lowS), BigDecimal.valueOf(b.closeU, b.closeS),
                    volume, b.buyVolume.toBigDecimal(), vwap, b.trades);
            lastClosedEnd = Math.max(lastClosedEnd, b.start + interval);
            hasPrevious = true;
            previousUnscaled = b.closeU;
            previousScale = b.closeS;
            listener.onBar(bar);
        }
    }

    /** An open bar's running state, reused. */
    private static final class OpenBar {
        long start;
        int trades;
        long openU, highU, lowU, closeU;
        int openS, highS, lowS, closeS;
        final DecimalSum volume = new DecimalSum();
        final DecimalSum buyVolume = new DecimalSum();
        final DecimalSum notional = new DecimalSum();

        void reset(long start) {
            this.start = start;
            trades = 0;
            volume.clear();
            buyVolume.clear();
            notional.clear();
        }

        void add(Trade t) {
            long p = t.priceUnscaled;
            int ps = t.priceScale;
            if (trades == 0) {
                openU = highU = lowU = p;
                openS = highS = lowS = ps;
            } else {
                if (Decimals.compare(p, ps, highU, highS) > 0) {
                    highU = p;
                    highS = ps;
                }
                if (Decimals.compare(p, ps, lowU, lowS) < 0) {
                    lowU = p;
                    lowS = ps;
                }
            }
            closeU = p;
            closeS = ps;
            trades++;
            volume.add(t.qtyUnscaled, t.qtyScale);
            if (t.buyerAggressor) {
                buyVolume.add(t.qtyUnscaled, t.qtyScale);
            }
            notional.addProduct(p, ps, t.qtyUnscaled, t.qtyScale);
        }
    }
}
