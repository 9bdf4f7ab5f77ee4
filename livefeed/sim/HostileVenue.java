//DEPS org.java-websocket:Java-WebSocket:1.6.0
//DEPS org.slf4j:slf4j-nop:2.0.17
package livefeed.sim;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.TextFrame;
import org.java_websocket.handshake.ClientHandshake;

/**
 * A venue that misbehaves on purpose: a real WebSocket server on loopback speaking Binance's trade-stream protocol
 * (as {@link SimulatedVenue}), whose frames are chosen by the caller from a catalogue of {@link Misbehaviour}s:
 * deep nesting, huge numbers, far-future times, trade-id jumps and restarts, invalid UTF-8, truncated frames, wrong
 * types. Tests drive the real connector with it; {@code connector.java soak} streams it at a set rate with a share of
 * bad frames. Trade ids are consecutive per symbol, as Binance numbers them; every frame of one call goes to every
 * open connection.
 */
public final class HostileVenue implements AutoCloseable {
    /** What the connector must do with a frame of each kind. */
    public enum Outcome { TRADE, MALFORMED, REJECTED, CLOSES_CONNECTION }

    /** The catalogue: each builds a frame from a good trade's fields. */
    public enum Misbehaviour {
        /** A data frame nested 20,000 arrays deep (about 40 KB): a recursive JSON reader overflows its stack. */
        DEEP_NESTING(Outcome.MALFORMED),
        /** A price with 400 digits. */
        HUGE_NUMBER(Outcome.MALFORMED),
        /** A quantity of the wrong JSON type. */
        WRONG_TYPE(Outcome.MALFORMED),
        /** A frame cut in the middle. */
        TRUNCATED(Outcome.MALFORMED),
        /** A string with an escaped lone surrogate in the symbol (valid JSON, no known symbol). */
        LONE_SURROGATE(Outcome.MALFORMED),
        /** A trade dated in the year 2100. */
        FAR_FUTURE_TIME(Outcome.REJECTED),
        /** A trade id of 9e18, far ahead of the symbol's sequence. */
        ID_JUMP(Outcome.REJECTED),
        /** Bytes that are not UTF-8 in a text frame: the WebSocket protocol says close with 1007. */
        INVALID_UTF8(Outcome.CLOSES_CONNECTION);

        public final Outcome outcome;

        Misbehaviour(Outcome outcome) {
            this.outcome = outcome;
        }

        /** The frame; {@code symbol}, {@code id} and {@code timeMillis} are those of the good trade it stands in for. */
        public String frame(String symbol, long id, long timeMillis) {
            String good = SimulatedVenue.trade(symbol, id, 6_000_000, 100, false, timeMillis);
            return switch (this) {
                case DEEP_NESTING -> "{\"e\":\"trade\",\"x\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
                case HUGE_NUMBER -> good.replace("\"p\":\"60000.00\"", "\"p\":\"" + "9".repeat(400) + "\"");
                case WRONG_TYPE -> good.replace("\"q\":\"0.00100\"", "\"q\":true");
                case TRUNCATED -> good.substring(0, good.length() / 2);
                case LONE_SURROGATE -> good.replace("\"s\":\"" + symbol + "\"", "\"s\":\"\\ud800" + symbol + "\"");
                case FAR_FUTURE_TIME -> SimulatedVenue.trade(symbol, id, 6_000_000, 100, false, YEAR_2100_MILLIS);
                case ID_JUMP -> SimulatedVenue.trade(symbol, 9_000_000_000_000_000_000L, 6_000_000, 100, false,
                        timeMillis);
                case INVALID_UTF8 -> good;   // sent as raw bytes by sendInvalidUtf8
            };
        }
    }

    /** 2100-01-01T00:00:00Z. */
    public static final long YEAR_2100_MILLIS = 4_102_444_800_000L;

    private final List<String> symbols;
    private final long[] nextId;
    private final Server server = new Server();
    private final Map<Misbehaviour, AtomicLong> sentBad = new EnumMap<>(Misbehaviour.class);
    private final AtomicLong sentGood = new AtomicLong();
    private final AtomicLong connectionsOpened = new AtomicLong();

    public HostileVenue(List<String> symbols) {
        this.symbols = List.copyOf(symbols);
        this.nextId = new long[symbols.size()];
        java.util.Arrays.fill(nextId, 1);
        for (Misbehaviour m : Misbehaviour.values()) {
            sentBad.put(m, new AtomicLong());
        }
    }

    public HostileVenue start() throws InterruptedException {
        server.startListening("the hostile venue");
        return this;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** Waits until at least {@code n} connections are open; false after {@code timeoutMillis}. */
    public boolean awaitConnections(int n, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (server.getConnections().stream().filter(WebSocket::isOpen).count() < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(20_000_000);
        }
        return true;
    }

    /** How many connections were ever opened (a reconnect opens one more). */
    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    /** A good trade for symbol {@code s} (index into the symbols), with the next id, dated {@code timeMillis}. */
    public String goodTrade(int s, long timeMillis) {
        sentGood.incrementAndGet();
        return SimulatedVenue.trade(symbols.get(s), nextId[s]++, 6_000_000, 100, false, timeMillis);
    }

    /** A bad frame of kind {@code m} standing in for symbol {@code s}'s next trade (whose id is not used up). */
    public String badTrade(Misbehaviour m, int s, long timeMillis) {
        sentBad.get(m).incrementAndGet();
        return m.frame(symbols.get(s), nextId[s], timeMillis);
    }

    /** Makes symbol {@code s}'s ids start again at {@code id} (a venue that restarted its numbering). */
    public void restartIds(int s, long id) {
        nextId[s] = id;
    }

    /** Sends text frames to every open connection, as given. */
    public void send(String... frames) {
        for (WebSocket c : server.getConnections()) {
            for (String f : frames) {
                if (c.isOpen()) {
                    c.send(f);
                }
            }
        }
    }

    /** Sends a text frame whose payload is not UTF-8 (a lone 0xFF byte in the middle of a trade). */
    public void sendInvalidUtf8(int s, long timeMillis) {
        byte[] good = badTrade(Misbehaviour.INVALID_UTF8, s, timeMillis).getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(good, good.length);
        bad[bad.length / 2] = (byte) 0xFF;
        for (WebSocket c : server.getConnections()) {
            if (c.isOpen()) {
                TextFrame frame = new TextFrame();
                frame.setPayload(ByteBuffer.wrap(bad));
                frame.setFin(true);
                c.sendFrame(frame);
            }
        }
    }

    /** Closes every connection from the venue's side (the connector reconnects). */
    public void dropConnections() {
        for (WebSocket c : server.getConnections()) {
            c.close(1001, "going away (hostile venue)");
        }
    }

    public long sentGood() {
        return sentGood.get();
    }

    public long sentBad(Misbehaviour m) {
        return sentBad.get(m).get();
    }

    /** Bad frames sent whose expected outcome is {@code o}. */
    public long sentBad(Outcome o) {
        long n = 0;
        for (Misbehaviour m : Misbehaviour.values()) {
            if (m.outcome == o) {
                n += sentBad.get(m).get();
            }
        }
        return n;
    }

    /**
     * Streams trades at {@code framesPerSecond} for {@code seconds}, one in {@code 1/badShare} replaced by a bad frame
     * drawn from {@code kinds} (seeded), keeping at most a few thousand frames buffered per connection as a venue
     * would. Runs on the caller's thread; returns the frames sent.
     */
    public long stream(double framesPerSecond, double badShare, List<Misbehaviour> kinds, long seconds, long seed) {
        Random random = new Random(seed);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        List<String> batch = new ArrayList<>();
        while (System.nanoTime() < end) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * framesPerSecond);
            int n = (int) Math.min(due - sent, 5_000);
            if (n <= 0) {
                LockSupport.parkNanos(1_000_000);
                continue;
            }
            long now = System.currentTimeMillis();
            batch.clear();
            for (int i = 0; i < n; i++) {
                int s = random.nextInt(symbols.size());
                batch.add(random.nextDouble() < badShare
                        ? badTrade(kinds.get(random.nextInt(kinds.size())), s, now) : goodTrade(s, now));
            }
            for (WebSocket c : server.getConnections()) {
                for (String f : batch) {
                    LoopbackVenueServer.sendPaced(c, f, 50_000);
                }
            }
            sent += n;
        }
        return sent;
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(1000);
    }

    private final class Server extends LoopbackVenueServer {
        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            connectionsOpened.incrementAndGet();
        }
    }
}
