package livefeed.connector;

import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How every venue connection is kept: backoff between attempts (capped exponential with jitter, reset after a stable
 * period), a dead-peer timer refreshed by any frame (pings included), an idle-data timer refreshed only by data
 * frames, a deadline for the subscription ack, a proactive rotation before the venue's own cut (Binance: 24 h), the
 * largest frame a venue may send (a bigger one closes the connection, 1009, before its payload is buffered), and the
 * TLS context of {@code wss://} connections ({@code tls} null: the JVM's default trust, which honours the standard
 * {@code javax.net.ssl.trustStore} properties).
 */
public record ConnectionPolicy(Duration initialBackoff, double backoffMultiplier, Duration maxBackoff,
        Duration stableAfter, Duration deadPeerTimeout, Duration idleDataTimeout, Duration subscribeTimeout,
        Duration rotateAfter, int maxFrameBytes, SSLContext tls) {

    /** 16 MiB: a venue's trade or control frame is a few hundred bytes; the largest seen (a snapshot) under 1 MB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;

    public static ConnectionPolicy defaults() {
        return new ConnectionPolicy(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(60), Durations.parse(ConnectorDefaults.IDLE_DATA_TIMEOUT), Duration.ofSeconds(10),
                Duration.ofHours(23), DEFAULT_MAX_FRAME_BYTES, null);
    }

    /** A fresh backoff of this policy: what a connection waits between attempts. */
    public Backoff newBackoff() {
        return new Backoff(initialBackoff, backoffMultiplier, maxBackoff);
    }

    public ConnectionPolicy withIdleDataTimeout(Duration idle) {
        return new ConnectionPolicy(initialBackoff, backoffMultiplier, maxBackoff, stableAfter, deadPeerTimeout, idle,
                subscribeTimeout, rotateAfter, maxFrameBytes, tls);
    }

    public ConnectionPolicy withBackoff(Duration initial, Duration max, Duration stable) {
        return new ConnectionPolicy(initial, backoffMultiplier, max, stable, deadPeerTimeout, idleDataTimeout,
                subscribeTimeout, rotateAfter, maxFrameBytes, tls);
    }

    public ConnectionPolicy withRotateAfter(Duration age) {
        return new ConnectionPolicy(initialBackoff, backoffMultiplier, maxBackoff, stableAfter, deadPeerTimeout,
                idleDataTimeout, subscribeTimeout, age, maxFrameBytes, tls);
    }

    public ConnectionPolicy withDeadPeerTimeout(Duration deadPeer) {
        return new ConnectionPolicy(initialBackoff, backoffMultiplier, maxBackoff, stableAfter, deadPeer,
                idleDataTimeout, subscribeTimeout, rotateAfter, maxFrameBytes, tls);
    }

    public ConnectionPolicy withMaxFrameBytes(int bytes) {
        return new ConnectionPolicy(initialBackoff, backoffMultiplier, maxBackoff, stableAfter, deadPeerTimeout,
                idleDataTimeout, subscribeTimeout, rotateAfter, bytes, tls);
    }

    /** {@code wss://} connections trust what {@code context} trusts (e.g. {@link TrustedCertificates#load}). */
    public ConnectionPolicy withTls(SSLContext context) {
        return new ConnectionPolicy(initialBackoff, backoffMultiplier, maxBackoff, stableAfter, deadPeerTimeout,
                idleDataTimeout, subscribeTimeout, rotateAfter, maxFrameBytes, context);
    }
}
