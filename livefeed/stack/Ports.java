package livefeed.stack;

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
                throw new livefeed.cli.UsageException("port " + port + " is out of range: give a port from 1 to 65535");
            }
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
