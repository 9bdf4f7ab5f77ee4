//DEPS org.java-websocket:Java-WebSocket:1.6.0
//DEPS org.slf4j:slf4j-nop:2.0.17
package livefeed.sim;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.handshake.ClientHandshake;

/**
 * The embedded simulated venue: a real WebSocket server on loopback that speaks Binance's trade-stream protocol
 * ({@code /ws/<symbol>@trade}, {@code /stream?streams=a@trade/b@trade}) and streams trades from a seeded random
 * walk at a set rate. It pings every 10 s, as a live venue does, so liveness timers see a living peer.
 */
public final class SimulatedVenue implements AutoCloseable {
    private static final int MAX_BUFFERED_FRAMES = 50_000;
    private final List<String> symbols;
    private final double tradesPerSecond;
    private final Server server;
    private final ScheduledExecutorService clock;
    private final Random random;
    private final long[] priceCents;
    private final long[] nextTradeId;   // per symbol, consecutive, as Binance numbers trades
    private long started;
    private long sent;

    public SimulatedVenue(List<String> symbols, double tradesPerSecond, long seed) {
        this.symbols = List.copyOf(symbols);
        this.tradesPerSecond = tradesPerSecond;
        this.random = new Random(seed);
        this.priceCents = new long[symbols.size()];
        this.nextTradeId = new long[symbols.size()];
        java.util.Arrays.fill(nextTradeId, 1);
        for (int i = 0; i < priceCents.length; i++) {
            priceCents[i] = startPriceCents(symbols.get(i));
        }
        this.server = new Server();
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-venue");
            t.setDaemon(true);
            return t;
        });
    }

    private static long startPriceCents(String symbol) {
        if (symbol.startsWith("BTC")) {
            return 6_000_000;
        }
        if (symbol.startsWith("ETH")) {
            return 300_000;
        }
        if (symbol.startsWith("SOL")) {
            return 15_000;
        }
        return 10_000;
    }

    /** Starts the server on a free loopback port and, if the rate is positive, the trade stream. */
    public SimulatedVenue start() throws InterruptedException {
        server.startListening("the simulated venue");
        started = System.nanoTime();
        if (tradesPerSecond > 0) {
            clock.scheduleAtFixedRate(this::tick, 10, 10, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public int connections() {
        return server.getConnections().size();
    }

    private void tick() {
        long due = (long) ((System.nanoTime() - started) / 1e9 * tradesPerSecond);
        int n = (int) Math.min(due - sent, 10_000);
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            int s = random.nextInt(symbols.size());
            priceCents[s] = Math.max(1, priceCents[s] + random.nextInt(11) - 5);
            broadcast(s, trade(symbols.get(s), nextTradeId[s]++, priceCents[s], 1 + random.nextInt(200_000),
                    random.nextBoolean(), now));
        }
        sent += n;
    }

    /** A Binance {@code @trade} payload (the current format, without the removed b/a fields). */
    public static String trade(String symbol, long id, long priceCents, long qtyHundredThousandths,
            boolean buyerMaker, long timeMillis) {
        StringBuilder b = new StringBuilder(160);
        b.append("{\"e\":\"trade\",\"E\":").append(timeMillis).append(",\"s\":\"").append(symbol)
                .append("\",\"t\":").append(id).append(",\"p\":\"");
        decimal(b, priceCents, 2);
        b.append("\",\"q\":\"");
        decimal(b, qtyHundredThousandths, 5);
        return b.append("\",\"T\":").append(timeMillis).append(",\"m\":").append(buyerMaker)
                .append(",\"M\":true}").toString();
    }

    /** The same payload wrapped for a combined stream. */
    public static String combined(String symbol, String payload) {
        return "{\"stream\":\"" + symbol.toLowerCase(Locale.ROOT) + "@trade\",\"data\":" + payload + "}";
    }

    private static void decimal(StringBuilder b, long unscaled, int scale) {
        String digits = Long.toString(unscaled);
        while (digits.length() <= scale) {
            digits = "0" + digits;
        }
        b.append(digits, 0, digits.length() - scale).append('.').append(digits, digits.length() - scale, digits.length());
    }

    private void broadcast(int symbol, String payload) {
        String name = symbols.get(symbol);
        String wrapped = null;
        for (WebSocket c : server.getConnections()) {
            Subscription sub = c.getAttachment();
            if (sub == null || !sub.symbols.contains(name) || !c.isOpen()
                    || ((WebSocketImpl) c).outQueue.size() > MAX_BUFFERED_FRAMES) {
                continue;   // like a venue, the simulator does not buffer without bound for a slow client
            }
            if (sub.combined) {
                if (wrapped == null) {
                    wrapped = combined(name, payload);
                }
                c.send(wrapped);
            } else {
                c.send(payload);
            }
        }
    }

    /**
     * Sends {@code frames} (cycled) to every connection as fast as the server can, keeping at most a few thousand
     * frames buffered per connection; returns when all are handed to the socket. For the benchmark.
     */
    public void blast(List<String> frames, long count) {
        List<WebSocket> targets = new ArrayList<>(server.getConnections());
        for (long i = 0; i < count; i++) {
            String f = frames.get((int) (i % frames.size()));
            for (WebSocket c : targets) {
                LoopbackVenueServer.sendPaced(c, f, 20_000);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        clock.shutdownNow();
        server.stop(1000);
    }

    private record Subscription(Set<String> symbols, boolean combined) {}

    private static final class Server extends LoopbackVenueServer {
        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            conn.setAttachment(subscription(handshake.getResourceDescriptor()));
        }

        private Subscription subscription(String resource) {
            Set<String> wanted = new HashSet<>();
            boolean combined = resource.startsWith("/stream");
            String list = combined ? resource.substring(resource.indexOf("streams=") + 8) : resource.substring(4);
            for (String stream : list.split("/")) {
                int at = stream.indexOf("@trade");
                if (at > 0) {
                    wanted.add(stream.substring(0, at).toUpperCase(Locale.ROOT));
                }
            }
            return new Subscription(wanted, combined);
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            // SUBSCRIBE / LIST_SUBSCRIPTIONS get Binance's reply shape; streams come from the URL.
            int id = message.indexOf("\"id\":");
            if (id >= 0) {
                String tail = message.substring(id + 5).replaceAll("[^0-9].*$", "");
                conn.send("{\"result\":null,\"id\":" + (tail.isEmpty() ? "0" : tail) + "}");
            }
        }
    }
}
