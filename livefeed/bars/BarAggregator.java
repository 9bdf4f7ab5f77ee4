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
 * <p>Implausible trades are rejected before they can move any state: a trade dated more than
 * {@link #MAX_AHEAD_MILLIS} past the wall clock (a burst dated 2100 would otherwise open bars in 2100 and make every
 * real trade late), or an id more than {@link #MAX_ID_JUMP} away from the symbol's newest (one id of 9e18 would
 * otherwise make every later trade a duplicate). A venue that really renumbered is followed: after
 * {@link #reanchorIds()} (a reconnect) the next id of each symbol starts a new sequence, and without one, a run of
 * {@link #REANCHOR_RUN} consecutive ids that all lie outside the window does.
 * Knows nothing of WebSockets; one thread drives it. Nothing is allocated per trade.
 */
public final class BarAggregator {
    public static final int ACCEPTED = 0, LATE = 1, DUPLICATE = 2, REJECTED = 3;
    /** Why a trade was {@link #REJECTED}; the index into {@link #REJECT_REASONS}. */
    public static final int FUTURE_TIME = 0, IMPLAUSIBLE_ID = 1;
    /** The reasons as the {@code reason} label spells them. */
    public static final String[] REJECT_REASONS = {"future_time", "implausible_id"};
    /** How far past the wall clock a trade time may be: clocks drift, but not by a minute. */
    public static final long MAX_AHEAD_MILLIS = 60_000;
    /**
     * How far from the symbol's newest id an id may be within one connection. The busiest symbols trade about a
     * thousand times a second: ten million ids is hours of trading, far more than any gap a connection survives.
     */
    public static final long MAX_ID_JUMP = 10_000_000;
    /** Consecutive ids outside the window that make a new sequence without a reconnect. */
    public static final int REANCHOR_RUN = 8;
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
    private int lastRejectReason;
    private long wallClockMillis = System.currentTimeMillis();

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

    /** The first clock time after {@code clock} at which a bar of this aggregator is due. */
    public long nextCloseTime(long clock) {
        return nextCloseTime(clock, interval, grace + extraGrace);
    }

    /**
     * The bar-close formula, the one place it is written: the end of the latest bar due at {@code clock}, a bar being
     * due {@code lagMillis} (grace, plus a drill's delay) after its end; bars align to UTC interval boundaries.
     */
    public static long latestDueEnd(long clock, long intervalMillis, long lagMillis) {
        return Math.floorDiv(clock - lagMillis, intervalMillis) * intervalMillis;
    }

    /** The first clock time after {@code clock} at which a bar is due: the next boundary past the latest due, plus lag. */
    public static long nextCloseTime(long clock, long intervalMillis, long lagMillis) {
        return latestDueEnd(clock, intervalMillis, lagMillis) + intervalMillis + lagMillis;
    }

    /**
     * Trade ids the last {@link #onTrade} proved missing: ids of the symbol that fell out of the 64-id window without
     * ever being seen (every venue here numbers trades consecutively per symbol, so these are trades lost in a gap).
     */
    public long lastMissed() {
        return lastMissed;
    }

    /** Why the last {@link #onTrade} returned {@link #REJECTED}: {@link #FUTURE_TIME} or {@link #IMPLAUSIBLE_ID}. */
    public int lastRejectReason() {
        return lastRejectReason;
    }

    /** The wall clock trade times are checked against (set once per batch: reading the clock per trade costs). */
    public void setWallClock(long millis) {
        this.wallClockMillis = millis;
    }

    /** The venue reconnected: each symbol's next trade id may start a new sequence (a venue may renumber). */
    public void reanchorIds() {
        for (SymbolBars s : bySymbol) {
            if (s != null) {
                s.reanchor = true;
            }
        }
    }

    public int onTrade(Trade t) {
        SymbolBars s = symbolBars(t.symbol);
        lastMissed = 0;
        if (t.tradeTimeMillis > wallClockMillis + MAX_AHEAD_MILLIS) {
            lastRejectReason = FUTURE_TIME;
            return REJECTED;
        }
        if (!s.plausibleId(t.tradeId)) {
            lastRejectReason = IMPLAUSIBLE_ID;
            return REJECTED;
        }
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
        // Re-anchoring: after a reconnect, or after a run of consecutive ids outside the window.
        boolean reanchor;
        long runLastId;
        int runLength;

        SymbolBars(String symbol) {
            this.symbol = symbol;
            for (int i = 0; i < open.length; i++) {
                open[i] = new OpenBar();
            }
        }

        /**
         * False for an id too far from the newest to belong to this sequence; it moves nothing but the run of
         * outliers, which, once {@link #REANCHOR_RUN} long and consecutive, becomes the new sequence.
         */
        boolean plausibleId(long id) {
            if (!anyId) {
                return true;
            }
            long ahead;
            try {
                ahead = Math.subtractExact(id, maxId);
            } catch (ArithmeticException e) {
                ahead = id > maxId ? Long.MAX_VALUE : Long.MIN_VALUE;
            }
            boolean inWindow = ahead >= -63 && ahead <= MAX_ID_JUMP;   // new, or recent enough to check for a repeat
            boolean nearby = ahead >= -MAX_ID_JUMP && ahead <= MAX_ID_JUMP;
            if (reanchor) {
                reanchor = false;
                if (!inWindow) {
                    anyId = false;   // a renumbered venue after a reconnect: its next id starts the sequence
                    runLength = 0;
                    return true;
                }
            }
            if (nearby) {
                runLength = 0;
                return true;
            }
            runLength = runLength > 0 && id > runLastId && id - runLastId > 0 && id - runLastId <= 64   // no overflow
                    ? runLength + 1 : 1;
            runLastId = id;
            if (runLength >= REANCHOR_RUN) {
                anyId = false;
                runLength = 0;
                return true;
            }
            return false;
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
                long due = latestDueEnd(clock, interval, grace + extraGrace);   // every bar ending by here is due
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
