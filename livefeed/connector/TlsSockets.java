package livefeed.connector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS socket of a {@code wss://} venue connection, connected and with its handshake done before the WebSocket
 * library takes it over: the certificate must chain to a trusted CA and name the host (HTTPS rules). Left to the
 * library, the handshake runs on its reader and writer threads at once, and the one that loses the race reports the
 * socket closed before the other says why: an untrusted certificate then read "closed (-1)". Done here, a refusal
 * is one exception with its own reason.
 */
final class TlsSockets {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private TlsSockets() {}

    /**
     * For {@code WebSocketClient.setSocketFactory}: the library asks it for one unconnected socket, and gets this
     * connected, handshaken one; a refusal is thrown on the library's connect thread, which reports it (onError)
     * before it reports the close.
     */
    static SocketFactory connecting(URI uri, SSLContext context) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return open(uri, context);
            }

            @Override
            public Socket createSocket(String host, int port) {
                throw new UnsupportedOperationException("connects only to " + uri);
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                throw new UnsupportedOperationException("connects only to " + uri);
            }

            @Override
            public Socket createSocket(InetAddress host, int port) {
                throw new UnsupportedOperationException("connects only to " + uri);
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
                throw new UnsupportedOperationException("connects only to " + uri);
            }
        };
    }

    /** {@code context} null: the JVM's default trust (which honours the javax.net.ssl.trustStore properties). */
    static SSLSocket open(URI uri, SSLContext context) throws IOException {
        SSLSocketFactory factory = context != null ? context.getSocketFactory()
                : (SSLSocketFactory) SSLSocketFactory.getDefault();
        String host = uri.getHost();
        int port = uri.getPort() != -1 ? uri.getPort() : 443;
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            SSLSocket ssl = (SSLSocket) factory.createSocket(plain, host, port, true);   // SNI: the host name
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");   // the certificate must name the host
            ssl.setSSLParameters(parameters);
            ssl.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
            ssl.startHandshake();
            ssl.setSoTimeout(0);   // from here on, liveness is the connection policy's (dead-peer, idle-data timers)
            return ssl;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }
}
