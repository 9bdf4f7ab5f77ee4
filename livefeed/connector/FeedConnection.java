//DEPS org.java-websocket:Java-WebSocket:1.6.0
//DEPS org.slf4j:slf4j-nop:2.0.17
package livefeed.connector;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import livefeed.faults.Faults;
import livefeed.metrics.FeedMetrics;
import livefeed.venues.Venue;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;

/**
 * One venue's feed, kept alive by one policy for all venues: connect, subscribe, watch liveness (dead peer on any
 * frame, idle data on data frames), reconnect with capped exponential backoff and jitter, and rotate to a fresh
 * connection without a gap when the venue announces a cut or the connection nears its maximum age (the new socket
 * subscribes before the old one closes; duplicate trade ids are dropped downstream).
 */
public final class FeedConnection {
    private static final long CHECK_EVERY_MILLIS = 250;

    private final Venue venue;
    private final int venueIndex;
    private final List<String> symbols;
    private final URI uri;
    private final ConnectionPolicy policy;
    private final FrameConsumer consumer;
    private final ScheduledExecutorService timer;
    private final FeedMetrics.VenueDataPoints metrics;
    private final Faults faults;
    private final FrameRecorder recorder;
    private final Backoff backoff;
    private final Log.RateLimited malformedLog = new Log.RateLimited(5000);
    /** Frames a delay-frames drill holds back, in arrival order; released when due or when the fault ends. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private volatile boolean holding;

    private volatile Client current;
    private volatile Client rotating;
    private volatile boolean stopped;
    private volatile String lastProblem = "not connected yet";
    private volatile long lastDataNanos;
    private ScheduledFuture<?> checks;
    private final SettingNames names;

    public FeedConnection(Venue venue, int venueIndex, List<String> symbols, URI uri, ConnectionPolicy policy,
            FrameConsumer consumer, ScheduledExecutorService timer, FeedMetrics.VenueDataPoints metrics, Faults faults,
            FrameRecorder recorder) {
        this(venue, venueIndex, symbols, uri, policy, consumer, timer, metrics, faults, recorder,
                SettingNames.IN_DOMAIN_WORDS);
    }

    /** {@code names}: how a TLS refusal on /healthz names the setting that trusts a CA. */
    public FeedConnection(Venue venue, int venueIndex, List<String> symbols, URI uri, ConnectionPolicy policy,
            FrameConsumer consumer, ScheduledExecutorService timer, FeedMetrics.VenueDataPoints metrics, Faults faults,
            FrameRecorder recorder, SettingNames names) {
        this.names = names;
        this.venue = venue;
        this.venueIndex = venueIndex;
        this.symbols = List.copyOf(symbols);
        this.uri = uri;
        this.policy = policy;
        this.consumer = consumer;
        this.timer = timer;
        this.metrics = metrics;
        this.faults = faults;
        this.recorder = recorder;
        this.backoff = policy.newBackoff();
    }

    public String venueName() {
        return venue.name();
    }

    public synchronized void start() {
        checks = timer.scheduleWithFixedDelay(this::check, CHECK_EVERY_MILLIS, CHECK_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
        open(false);
    }

    /** Stops intake: closes the sockets and reconnects no more; frames a drill held back are delivered now. */
    public synchronized void stop() {
        stopped = true;
        releaseHeld(true);
        if (checks != null) {
            checks.cancel(false);
        }
        for (Client c : new Client[] {current, rotating}) {
            if (c != null) {
                c.retired = true;
                c.close();
            }
        }
        metrics.connected(false);
    }

    /** True while a socket is open and subscribed. */
    public boolean connected() {
        Client c = current;
        return c != null && c.isOpen() && c.subscribed;
    }

    /** Connected, and a data frame arrived within the idle-data timeout. */
    public boolean fresh() {
        return connected() && System.nanoTime() - lastDataNanos < policy.idleDataTimeout().toNanos();
    }

    public double dataAgeSeconds() {
        return lastDataNanos == 0 ? Double.NaN : (System.nanoTime() - lastDataNanos) / 1e9;
    }

    /** Why the venue is unhealthy (or was last), for /healthz. */
    public String problem() {
        if (!connected()) {
            return "disconnected: " + lastProblem;
        }
        if (!fresh()) {
            return String.format("no data for %.1f s (idle-data timeout %d s)", dataAgeSeconds(),
                    policy.idleDataTimeout().toSeconds());
        }
        return null;
    }

    private synchronized void open(boolean rotation) {
        if (stopped) {
            return;
        }
        Client c = new Client(uri, rotation);
        if (rotation) {
            rotating = c;
        } else {
            current = c;
        }
        c.connect();
    }

    /** Opens a fresh connection beside the current one; the old one closes once the new one is subscribed. */
    public synchronized void rotate(String why) {
        if (stopped || rotating != null || current == null || !current.subscribed) {
            return;
        }
        Log.info(venue.name() + ": rotating to a fresh connection (" + why + ")");
        open(true);
    }

    private synchronized void subscribed(Client c) {
        if (c.subscribed || c.retired) {
            return;
        }
        c.subscribed = true;
        if (c == rotating) {
            Client old = current;
            current = c;
            rotating = null;
            if (old != null) {
                old.retired = true;
                old.close();
            }
            metrics.rotated();
        } else if (c == current) {
            Log.info(venue.name() + ": connected and subscribed to " + String.join(",", symbols) + " at " + uri);
            consumer.accept(venueIndex, FrameConsumer.SUBSCRIBED, System.currentTimeMillis() * 1000);
        }
        metrics.connected(true);
    }

    private synchronized void closed(Client c, int code, String reason) {
        if (c == rotating) {
            rotating = null;   // the rotation failed; the current connection goes on
            return;
        }
        if (c != current || c.retired) {
            return;
        }
        metrics.connected(false);
        lastProblem = c.closeReason != null ? c.closeReason : "closed (" + code + (reason.isEmpty() ? "" : " " + reason) + ")";
        if (stopped) {
            return;
        }
        if (c.openedNanos != 0 && System.nanoTime() - c.openedNanos >= policy.stableAfter().toNanos()) {
            backoff.reset();
        }
        long delay = backoff.nextDelayMillis();
        Log.info(venue.name() + ": " + lastProblem + "; reconnecting in " + delay + " ms");
        current = null;
        timer.schedule(() -> {
            metrics.reconnected();
            open(false);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** The timers: faults, dead peer, idle data, subscription deadline, keepalive, rotation. */
    private void check() {
        try {
            if (holding) {
                releaseHeld(false);
            }
            Client c = current;
            if (stopped || c == null || !c.isOpen()) {
                return;
            }
            long now = System.nanoTime();
            if (c.subscribed && faults.takeDrop(venue.name())) {
                c.abort("dropped by a fault injection");
            } else if (now - c.lastFrameNanos > policy.deadPeerTimeout().toNanos()) {
                c.abort("dead peer: no frame for " + policy.deadPeerTimeout().toSeconds() + " s");
            } else if (c.subscribed && now - Math.max(lastDataNanos, c.subscribedNanos)
                    > policy.idleDataTimeout().toNanos()) {
                c.abort("idle data: no data frame for " + policy.idleDataTimeout().toSeconds() + " s");
            } else if (!c.subscribed && now - c.openedNanos > policy.subscribeTimeout().toNanos()) {
                c.abort("no subscription ack within " + policy.subscribeTimeout().toSeconds() + " s");
            } else {
                if (venue.keepaliveInterval() != null
                        && now - c.lastSentNanos > venue.keepaliveInterval().toNanos()) {
                    c.sendText(venue.keepaliveMessage());
                }
                if (now - c.openedNanos > policy.rotateAfter().toNanos()) {
                    rotate("connection age " + policy.rotateAfter().toHours() + " h");
                }
            }
        } catch (RuntimeException e) {
            Log.info(venue.name() + ": connection check failed: " + e);
        }
    }

    private void frame(Client c, String frame) {
        long nanos = System.nanoTime();
        c.lastFrameNanos = nanos;
        if (faults.feedPaused(venue.name())) {
            return;   // a drill: the venue falls silent with the socket open
        }
        long delay = faults.frameDelayMillis(venue.name());
        if (delay > 0 || holding) {
            hold(c, frame, delay);   // a drill: the network is slow (or frames it held are still ahead of this one)
            return;
        }
        deliver(c, frame);
    }

    private record Held(Client client, String frame, long dueNanos) {}

    private void hold(Client c, String frame, long delayMillis) {
        synchronized (held) {
            holding = true;
            held.add(new Held(c, frame, System.nanoTime() + delayMillis * 1_000_000));
            if (delayMillis == 0) {
                releaseHeld(false);   // the fault is over: this frame goes out right behind the ones held before it
                return;
            }
        }
        timer.schedule(() -> releaseHeld(false), delayMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Delivers the held frames that are due, in arrival order; all of them once the delay fault is cleared or has
     * expired ({@code all}: regardless), so a cleared drill leaves nothing behind. Under the lock, so no frame
     * overtakes another.
     */
    private void releaseHeld(boolean all) {
        synchronized (held) {
            boolean faultOver = all || faults.frameDelayMillis(venue.name()) == 0;
            long now = System.nanoTime();
            for (Held h = held.peek(); h != null && (faultOver || h.dueNanos() - now <= 0); h = held.peek()) {
                held.poll();
                deliver(h.client(), h.frame());
            }
            holding = !held.isEmpty();
        }
    }

    /** Frames a delay-frames drill is holding back right now. */
    public int heldFrames() {
        synchronized (held) {
            return held.size();
        }
    }

    private void deliver(Client c, String frame) {
        long receivedMicros = System.currentTimeMillis() * 1000;
        metrics.frameReceived();
        if (venue.isData(frame)) {
            lastDataNanos = System.nanoTime();
            if (!c.subscribed) {
                c.subscribed();   // data proves the subscription even if the ack was missed
            }
            consumer.accept(venueIndex, frame, receivedMicros);
        } else {
            if (recorder != null) {
                recorder.write(venue.name(), receivedMicros, frame);   // data frames are recorded as processed
            }
            venue.onControl(frame, c);
        }
    }

    /** One socket. Never reused: each attempt is a new client. */
    private final class Client extends WebSocketClient implements Venue.ControlEvents {
        final boolean rotation;
        volatile boolean subscribed;
        volatile boolean retired;
        volatile long openedNanos;
        volatile long subscribedNanos;
        volatile long lastFrameNanos = System.nanoTime();
        volatile long lastSentNanos;
        volatile String closeReason;

        Client(URI uri, boolean rotation) {
            // A frame over the limit closes the connection (1009) before its payload is buffered: a hostile header
            // announcing 2 GB must not make the read thread allocate it.
            super(uri, new Draft_6455(Collections.emptyList(), policy.maxFrameBytes()));
            this.rotation = rotation;
            setConnectionLostTimeout(0);   // liveness is ours: dead-peer and idle-data timers
            setTcpNoDelay(true);
            if ("wss".equalsIgnoreCase(uri.getScheme())) {
                setSocketFactory(TlsSockets.connecting(uri, policy.tls()));   // handshake first (see TlsSockets)
            }
        }

        void sendText(String text) {
            lastSentNanos = System.nanoTime();
            send(text);
        }

        void abort(String why) {
            closeReason = why;
            closeConnection(CloseFrame.ABNORMAL_CLOSE, why);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            openedNanos = System.nanoTime();
            lastFrameNanos = openedNanos;
            for (String message : venue.subscribeMessages(symbols)) {
                sendText(message);
            }
            if (venue.subscribedOnOpen()) {
                subscribed();
            }
        }

        @Override
        public void onMessage(String message) {
            try {
                frame(this, message);
            } catch (RuntimeException | Error e) {
                // Java-WebSocket rethrows an Error (out of memory, stack overflow) out of its read loop: the read thread
                // would end with the socket still open and the venue would look connected until the dead-peer timer.
                // The failure is this socket's instead: closed with the reason on /healthz, and the policy reconnects.
                closeReason = "the receive thread failed on a frame (" + e + ")";
                close(CloseFrame.UNEXPECTED_CONDITION, "receive failed");
            }
        }

        /** No venue sends binary frames: each is counted as malformed (and logged, rate-limited), never ignored. */
        @Override
        public void onMessage(ByteBuffer bytes) {
            lastFrameNanos = System.nanoTime();
            metrics.frameReceived();
            metrics.parseError();
            malformedLog.info(venue.name() + ": a binary frame of " + bytes.remaining()
                    + " bytes (venues send text): counted as malformed");
        }

        @Override
        public void onWebsocketPing(WebSocket conn, Framedata f) {
            lastFrameNanos = System.nanoTime();
            super.onWebsocketPing(conn, f);   // answers with a pong echoing the payload (Binance requires it)
        }

        @Override
        public void onWebsocketPong(WebSocket conn, Framedata f) {
            lastFrameNanos = System.nanoTime();
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            if (code == CloseFrame.TOOBIG && !remote) {   // the library refused a frame over policy.maxFrameBytes()
                metrics.oversizedFrame();
                closeReason = "a frame over the " + policy.maxFrameBytes() + "-byte limit (closed with 1009)";
            }
            closed(this, code, reason == null ? "" : reason);
        }

        @Override
        public void onError(Exception e) {
            if (closeReason == null) {
                closeReason = describeError(e);
            }
        }

        /** One line: TLS refusals say which check failed and what to do; anything else, its message. */
        private String describeError(Exception e) {
            String where = uri.getHost() + ":" + portOf(uri);
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CertPathValidatorException || String.valueOf(t.getMessage()).startsWith("PKIX path")) {
                    return "TLS: the certificate of " + where + " is not trusted (" + innermost(e)
                            + "): trust its CA with " + names.apply("ca file");
                }
                if (t instanceof CertificateException && String.valueOf(t.getMessage()).contains("No subject alternative")
                        || String.valueOf(t.getMessage()).startsWith("No name matching")) {
                    return "TLS: the certificate of " + where + " is not for host " + uri.getHost() + " ("
                            + t.getMessage() + ")";
                }
            }
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }

        private String innermost(Throwable e) {
            while (e.getCause() != null) {
                e = e.getCause();
            }
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }

        private static int portOf(URI uri) {
            int port = uri.getPort();
            return port != -1 ? port : "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }

        // Venue.ControlEvents, from control frames on this socket
        @Override
        public void subscribed() {
            subscribedNanos = System.nanoTime();
            FeedConnection.this.subscribed(this);
        }

        @Override
        public void venueError(String message) {
            lastProblem = "venue error: " + message;
            Log.info(venue.name() + ": venue error: " + message);
        }

        @Override
        public void serverShutdown() {
            rotate("the venue announced serverShutdown");
        }

        @Override
        public void malformed(String frame) {
            metrics.parseError();
            malformedLog.info(venue.name() + ": unreadable control frame: "
                    + (frame.length() > 200 ? frame.substring(0, 200) + "..." : frame));
        }
    }
}
