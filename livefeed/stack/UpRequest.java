package livefeed.stack;

/**
 * What {@code up} asks for: profiles (alerting: Alertmanager; ui: Grafana), ports, the address native services listen
 * on, and where Alertmanager delivers Telegram messages (null: Telegram itself; a drill points it at a local fake).
 */
public record UpRequest(Ports ports, String bindAddress, boolean alerting, boolean ui, String telegramApiUrl) {}
