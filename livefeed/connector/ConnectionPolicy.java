package livefeed.connector;

import java.time.Duration;

/**
 * How every venue connection is kept: backoff between attempts (capped exponential with jitter, reset after a stable
 * period), a dead-peer timer refreshed by any frame (pings included), an idle-data timer refreshed only by data
 * frames, a deadline for the subscription ack, and a proactive rotation before the venue's own cut (Binance: 24 h).
 */
public record ConnectionPolicy(Duration initialBackoff, double backoffMultiplier, Duration maxBackoff,
        Duration stableAfter, Duration deadPeerTimeout, Duration idleDataTimeout, Duration subscribeTimeout,
        Duration rotateAfter) {

    public static ConnectionPolicy defaults() {
        return new ConnectionPolicy(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofHours(23));
    }

    public ConnectionPolicy withIdleDataTimeout(Duration idle) {
        return new ConnectionPolicy(initialBackoff, backoffMultiplier, maxBackoff, stableAfter, deadPeerTimeout, idle,
                subscribeTimeout, rotateAfter);
    }

    public ConnectionPolicy withBackoff(Duration initial, Duration max, Duration stable) {
        return new ConnectionPolicy(initial, backoffMultiplier, max, stable, deadPeerTimeout, idleDataTimeout,
                subscribeTimeout, rotateAfter);
    }

    public ConnectionPolicy withRotateAfter(Duration age) {
        return new ConnectionPolicy(initialBackoff, backoffMultiplier, maxBackoff, stableAfter, deadPeerTimeout,
                idleDataTimeout, subscribeTimeout, age);
    }

    public ConnectionPolicy withDeadPeerTimeout(Duration deadPeer) {
        return new ConnectionPolicy(initialBackoff, backoffMultiplier, maxBackoff, stableAfter, deadPeer,
                idleDataTimeout, subscribeTimeout, rotateAfter);
    }
}
