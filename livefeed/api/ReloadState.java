package livefeed.api;

/**
 * The outcome of the last configuration reload of Prometheus or Alertmanager, as their own metrics say:
 * {@code PREFIX_last_reload_successful} and {@code PREFIX_last_reload_success_timestamp_seconds}. A reload has taken
 * effect when the success time moved past the one read before asking for it.
 */
public record ReloadState(boolean successful, double lastSuccessSeconds) {

    static ReloadState parse(String exposition, String prefix) {
        Double successful = null;
        Double lastSuccess = null;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(prefix + "_last_reload_successful ")) {
                successful = value(line);
            } else if (line.startsWith(prefix + "_last_reload_success_timestamp_seconds ")) {
                lastSuccess = value(line);
            }
        }
        if (successful == null || lastSuccess == null) {
            throw new ApiException("the metrics lack " + prefix + "_last_reload_successful or _last_reload_success_timestamp_seconds", -1);
        }
        return new ReloadState(successful == 1.0, lastSuccess);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.indexOf(' ') + 1).strip().split(" ")[0]);
    }
}
