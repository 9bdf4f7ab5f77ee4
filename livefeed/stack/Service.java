package livefeed.stack;

import java.util.Locale;

/** The services of the stack, by the names compose gives them (and the native stack uses for PID files and logs). */
public enum Service {
    LIVE_CONNECTOR("live_connector", 8000, "/metrics"),
    PROMETHEUS("prometheus", 9090, "/-/ready"),
    ALERTMANAGER("alertmanager", 9093, "/-/ready"),
    GRAFANA("grafana", 3000, "/api/health"),
    /** The Telegram Bot API stand-in that keeps Alertmanager's messages when there are no Telegram secrets. */
    TELEGRAM_INBOX("telegram_inbox", 8081, "/healthz");

    private final String serviceName;
    private final int defaultPort;
    private final String readyPath;

    Service(String serviceName, int defaultPort, String readyPath) {
        this.serviceName = serviceName;
        this.defaultPort = defaultPort;
        this.readyPath = readyPath;
    }

    /** The compose service name, also the native stack's file names: live_connector, prometheus, ... */
    public String serviceName() {
        return serviceName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The HTTP path that answers 200 once the service serves. */
    public String readyPath() {
        return readyPath;
    }

    /** Accepts the service name, the enum name or a short form (connector, prom, am). */
    public static Service parse(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
        for (Service s : values()) {
            if (s.serviceName.equals(n) || s.name().toLowerCase(Locale.ROOT).equals(n)) {
                return s;
            }
        }
        switch (n) {
            case "connector": return LIVE_CONNECTOR;
            case "prom": return PROMETHEUS;
            case "am": return ALERTMANAGER;
            case "inbox", "telegram": return TELEGRAM_INBOX;
            default:
                throw new livefeed.errors.InvalidInput("unknown service '" + name
                        + "': use live_connector, prometheus, alertmanager, grafana or telegram_inbox");
        }
    }

    @Override
    public String toString() {
        return serviceName;
    }
}
