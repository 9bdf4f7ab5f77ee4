package livefeed.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels every exported object carries, and the smaller set that selects the connector's pods. */
record Labels(String app) {
    static final Labels CONNECTOR = new Labels("live-connector");

    Map<String, String> selector() {
        return Map.of("app.kubernetes.io/name", app);
    }

    Map<String, String> common() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", app);
        labels.put("app.kubernetes.io/part-of", "live-feed-ops");
        labels.put("app.kubernetes.io/managed-by", "observability-export");
        return labels;
    }
}
