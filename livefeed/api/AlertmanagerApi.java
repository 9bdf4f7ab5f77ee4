//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Alertmanager v2 API (0.25 and later) as the stack and the drills use it: readiness, alerts (read and post),
 * and config reload. Every call throws {@link ApiException} on failure, except {@link #ready()}.
 */
public final class AlertmanagerApi {
    private final JsonHttp http;

    public AlertmanagerApi(URI base) {
        this.http = new JsonHttp(base);
    }

    public static AlertmanagerApi at(String host, int port) {
        return new AlertmanagerApi(URI.create("http://" + host + ":" + port + "/"));
    }

    public URI base() {
        return http.base();
    }

    /** An alert Alertmanager holds; {@code state} is active, suppressed (silenced or inhibited) or unprocessed. */
    public record Alert(String name, String state, Map<String, String> labels, Instant startsAt, List<String> receivers) {
        public boolean isActive() {
            return "active".equals(state);
        }
    }

    /** Whether {@code /-/ready} answers 200 (false when nothing listens). */
    public boolean ready() {
        return http.status("/-/ready") == 200;
    }

    /** Every alert Alertmanager holds, sorted by name. */
    public List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode a : http.get("/api/v2/alerts")) {
            Map<String, String> labels = PromApi.labels(a.path("labels"));
            List<String> receivers = new ArrayList<>();
            a.path("receivers").forEach(r -> receivers.add(r.path("name").asText()));
            alerts.add(new Alert(labels.getOrDefault("alertname", ""), a.path("status").path("state").asText(), labels,
                    PromApi.instant(a.path("startsAt")), List.copyOf(receivers)));
        }
        alerts.sort(Comparator.comparing(Alert::name).thenComparing(a -> a.labels().toString()));
        return alerts;
    }

    /** Posts one alert (as Prometheus would), firing from now until Alertmanager's resolve timeout. */
    public void postAlert(Map<String, String> labels, Map<String, String> annotations) {
        ArrayNode body = JsonHttp.JSON.createArrayNode();
        ObjectNode alert = body.addObject();
        labels.forEach(alert.putObject("labels")::put);
        annotations.forEach(alert.putObject("annotations")::put);
        http.post("/api/v2/alerts", body.toString());
    }

    /** The configuration Alertmanager runs with, as YAML (secrets masked). */
    public String configYaml() {
        return http.get("/api/v2/status").path("config").path("original").asText();
    }

    /** Reloads the configuration file over HTTP (the stack reloads by SIGHUP where there is one: ConfigReload). */
    public void reload() {
        http.postEmpty("/-/reload");
    }

    /** The outcome of Alertmanager's last config reload, from its own metrics. */
    public ReloadState reloadState() {
        return ReloadState.parse(http.text("/metrics"), "alertmanager_config");
    }

    /** The configuration in effect, as {@code /api/v2/status} shows it (secrets shown as {@code <secret>}). */
    public String configInEffect() {
        return http.get("/api/v2/status").path("config").path("original").asText();
    }
}
