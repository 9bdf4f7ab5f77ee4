package livefeed.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import livefeed.errors.InvalidInput;

/**
 * The "Live Feed – Ops" dashboard as a {@code ConfigMap} that the Grafana sidecar of kube-prometheus-stack loads
 * (it watches ConfigMaps labelled {@code grafana_dashboard: "1"}).
 *
 * <p>Here the panels name the datasource uid that {@code ops/grafana/provisioning} gives Prometheus; kube-prometheus-stack
 * provisions its Prometheus datasource with uid {@code prometheus} (its {@code grafana.sidecar.datasources.uid}), so
 * every reference to the local uid is rewritten to that one and nothing else changes.
 */
final class DashboardExport {
    static final String NAME = "livefeed-dashboard";
    static final String SIDECAR_LABEL = "grafana_dashboard";
    static final String KUBE_PROMETHEUS_STACK_UID = "prometheus";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardExport() {}

    static ConfigMap configMap(OpsSource ops, Labels labels, String datasourceUid) {
        Path file = ops.dashboard();
        JsonNode dashboard;
        try {
            dashboard = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidInput(file + " cannot be read as JSON (" + e.getMessage().replace('\n', ' ')
                    + "): restore it from git");
        }
        String from = ops.datasourceUid();
        int replaced = rewriteDatasourceUid(dashboard, from, datasourceUid);
        if (replaced == 0) {
            throw new InvalidInput(file + " names no datasource with uid " + from + " (the uid ops/grafana provisions)");
        }
        Map<String, String> sidecar = new LinkedHashMap<>(labels.common());
        sidecar.put(SIDECAR_LABEL, "1");
        String text;
        try {
            text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(dashboard) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new ConfigMapBuilder()
                .withNewMetadata().withName(NAME).withLabels(sidecar).endMetadata()
                .withData(Map.of(file.getFileName().toString(), text))
                .build();
    }

    /** Replaces {@code "datasource": {"uid": from}} by {@code to} everywhere in the tree; returns how many. */
    static int rewriteDatasourceUid(JsonNode node, String from, String to) {
        int count = 0;
        if (node.isObject()) {
            JsonNode datasource = node.get("datasource");
            if (datasource instanceof ObjectNode ds && from.equals(ds.path("uid").asText(null))) {
                ds.put("uid", to);
                count++;
            }
        }
        for (JsonNode child : node) {
            count += rewriteDatasourceUid(child, from, to);
        }
        return count;
    }
}
