package livefeed.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.EnumMap;
import java.util.Map;

/** The port of each service: the design's defaults (8000, 9090, 9093, 3000, 8081) unless configured. */
public record Ports(int liveConnector, int prometheus, int alertmanager, int grafana, int telegramInbox) {
    public static final Ports DEFAULTS = new Ports(Service.LIVE_CONNECTOR.defaultPort(), Service.PROMETHEUS.defaultPort(),
            Service.ALERTMANAGER.defaultPort(), Service.GRAFANA.defaultPort());

    /** The four main services' ports; the Telegram inbox on its default. */
    public Ports(int liveConnector, int prometheus, int alertmanager, int grafana) {
        this(liveConnector, prometheus, alertmanager, grafana, Service.TELEGRAM_INBOX.defaultPort());
    }

    public Ports {
        for (int port : new int[] {liveConnector, prometheus, alertmanager, grafana, telegramInbox}) {
            if (port < 1 || port > 65535) {
                throw new livefeed.errors.InvalidInput("port " + port + " is out of range: give a port from 1 to 65535");
            }
        }
    }

    /**
     * A port for each service that is free on loopback now (the kernel's choice), for a stack of its own beside any
     * other on a shared machine; a port may still be taken before the service binds it, which its start then says.
     */
    public static Ports freeOnLoopback() {
        return new Ports(freePort(), freePort(), freePort(), freePort(), freePort());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int of(Service service) {
        return switch (service) {
            case LIVE_CONNECTOR -> liveConnector;
            case PROMETHEUS -> prometheus;
            case ALERTMANAGER -> alertmanager;
            case GRAFANA -> grafana;
            case TELEGRAM_INBOX -> telegramInbox;
        };
    }

    /** These ports with the given overrides (a null keeps the current one). */
    public Ports with(Integer liveConnector, Integer prometheus, Integer alertmanager, Integer grafana) {
        return with(liveConnector, prometheus, alertmanager, grafana, null);
    }

    public Ports with(Integer liveConnector, Integer prometheus, Integer alertmanager, Integer grafana, Integer telegramInbox) {
        return new Ports(liveConnector != null ? liveConnector : this.liveConnector,
                prometheus != null ? prometheus : this.prometheus,
                alertmanager != null ? alertmanager : this.alertmanager,
                grafana != null ? grafana : this.grafana,
                telegramInbox != null ? telegramInbox : this.telegramInbox);
    }

    public Map<Service, Integer> asMap() {
        Map<Service, Integer> map = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            map.put(s, of(s));
        }
        return map;
    }
}
