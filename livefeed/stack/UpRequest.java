package livefeed.stack;

/**
 * What {@code up} asks for: profiles (alerting: Alertmanager; ui: Grafana), ports, the address native services listen
 * on, and where Alertmanager delivers Telegram messages (null: Telegram itself; a drill points it at a local fake).
 * {@code faults}: the connector serves its fault API (to loopback peers only). {@code telegramInbox}: with alerting,
 * Alertmanager delivers to the stack's own Telegram stand-in, which keeps every message (no Telegram secrets).
 */
public record UpRequest(Ports ports, String bindAddress, boolean alerting, boolean ui, String telegramApiUrl,
        boolean faults, boolean telegramInbox) {
    public UpRequest(Ports ports, String bindAddress, boolean alerting, boolean ui, String telegramApiUrl) {
        this(ports, bindAddress, alerting, ui, telegramApiUrl, false, false);
    }
}
