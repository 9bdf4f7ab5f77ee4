//DEPS org.java-websocket:Java-WebSocket:1.6.0
//DEPS org.slf4j:slf4j-nop:2.0.17
package livefeed.sim;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The WebSocket server under the simulated venues: on a free loopback port, started and waited for, pinging its
 * clients every 10 s as a live venue does, and sending with a venue's bounded buffer. A venue overrides only the
 * callbacks it answers.
 */
class LoopbackVenueServer extends WebSocketServer {
    /** Frames a connection may have queued before a paced send waits, as a venue's buffer would. */
    static final int PACED_BUFFER_FRAMES = 4096;
    private final CountDownLatch started = new CountDownLatch(1);

    LoopbackVenueServer() {
        super(new InetSocketAddress("127.0.0.1", 0));
        setReuseAddr(true);
        setTcpNoDelay(true);
        setConnectionLostTimeout(10);
    }

    /** Starts it and waits until it listens. */
    void startListening(String what) throws InterruptedException {
        start();
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + " did not start within 10 s");
        }
    }

    URI endpoint() {
        return URI.create("ws://127.0.0.1:" + getPort());
    }

    /** Sends {@code frame} once {@code c} has fewer than {@link #PACED_BUFFER_FRAMES} queued; not if it closed. */
    static void sendPaced(WebSocket c, String frame, long pollNanos) {
        WebSocketImpl impl = (WebSocketImpl) c;
        while (impl.outQueue.size() > PACED_BUFFER_FRAMES && c.isOpen()) {
            LockSupport.parkNanos(pollNanos);
        }
        if (c.isOpen()) {
            c.send(frame);
        }
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {}

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

    @Override
    public void onMessage(WebSocket conn, String message) {}

    @Override
    public void onError(WebSocket conn, Exception ex) {}

    @Override
    public void onStart() {
        started.countDown();
    }
}
