package livefeed.stack;

import java.util.EnumMap;
import java.util.Map;

/** The port of each service: the design's defaults (8000, 9090, 9093, 3000) unless configured. */
public record Ports(int liveConnector, int prometheus, int alertmanager, int grafana) {
    public static final Ports DEFAULTS = new Ports(Service.LIVE_CONNECTOR.defaultPort(), Service.PROMETHEUS.defaultPort(),
            Service.ALERTMANAGER.defaultPort(), Service.GRAFANA.defaultPort());

    public Ports {
        for (int port : new int[] {liveConnector, prometheus, alertmanager, grafana}) {
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
        };
    }

    /** These ports with the given overrides (a null keeps the current one). */
    public Ports with(Integer liveConnector, Integer prometheus, Integer alertmanager, Integer grafana) {
        return new Ports(liveConnector != null ? liveConnector : this.liveConnector,
                prometheus != null ? prometheus : this.prometheus,
                alertmanager != null ? alertmanager : this.alertmanager,
                grafana != null ? grafana : this.grafana);
    }

    public Map<Service, Integer> asMap() {
        Map<Service, Integer> map = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            map.put(s, of(s));
        }
        return map;
    }
}
