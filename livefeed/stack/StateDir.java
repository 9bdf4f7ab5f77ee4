package livefeed.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * The native stack's one state folder (default {@code .state/} in the project, git-ignored; {@code --state-dir} or
 * {@code LIVEFEED_STATE_DIR} to move it). Its layout, which the drills rely on:
 * <pre>
 * stack.json                      backend, bind address, ports and profiles of the running stack (see StackState)
 * run/SERVICE.pid                 one PID file per running service: pid, start time, command line, settings (PidFile)
 * logs/SERVICE.log                each service's stdout and stderr, appended (0600: Alertmanager's may hold the token)
 * prometheus/config/              ops/prometheus/*.yml copied verbatim, targets/*.json written, overrides/ for drills
 * prometheus/data/                Prometheus's TSDB (compose's prom_data volume)
 * alertmanager/alertmanager.yml   the rendered Alertmanager config (holds secrets: owner-only permissions)
 * alertmanager/data/              Alertmanager's silences and notification log
 * grafana/data/                   Grafana's data (compose's grafana_data volume)
 * telegram/inbox.jsonl            every message the Telegram stand-in was sent (append-only)
 * telegram/secrets/               the stand-in's throwaway bot token and chat id (owner-only)
 * </pre>
 * The folder itself is 0700 (an owner-only ACL on Windows): {@code up} makes it so, see livefeed.secrets.OwnerOnly.
 */
public record StateDir(Path root) {
    public static final String ENV = "LIVEFEED_STATE_DIR";

    /** {@code explicit} if given, else {@code LIVEFEED_STATE_DIR}, else {@code .state} in the project. */
    public static StateDir resolve(Path explicit, Map<String, String> env, Path projectRoot) {
        if (explicit != null) {
            return new StateDir(explicit.toAbsolutePath().normalize());
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new StateDir(Path.of(fromEnv).toAbsolutePath().normalize());
        }
        return new StateDir(projectRoot.resolve(".state"));
    }

    public Path stackFile() {
        return root.resolve("stack.json");
    }

    public Path pidFile(Service service) {
        return root.resolve("run").resolve(service.serviceName() + ".pid");
    }

    public Path log(Service service) {
        return root.resolve("logs").resolve(service.serviceName() + ".log");
    }

    public Path prometheusConfig() {
        return root.resolve("prometheus").resolve("config");
    }

    public Path prometheusTargets() {
        return prometheusConfig().resolve("targets");
    }

    /** Where drills put temporary rule files ({@code overrides/*.yml} in prometheus.yml). */
    public Path prometheusOverrides() {
        return prometheusConfig().resolve("overrides");
    }

    public Path prometheusData() {
        return root.resolve("prometheus").resolve("data");
    }

    public Path alertmanagerConfig() {
        return root.resolve("alertmanager").resolve("alertmanager.yml");
    }

    public Path alertmanagerData() {
        return root.resolve("alertmanager").resolve("data");
    }

    public Path grafanaData() {
        return root.resolve("grafana").resolve("data");
    }

    /** The messages the Telegram stand-in kept (see livefeed.telegram.Inbox). */
    public Path telegramInbox() {
        return root.resolve("telegram").resolve("inbox.jsonl");
    }

    /** The stand-in's throwaway token and chat id, in the layout of ops/alertmanager/secrets. */
    public Path telegramSecrets() {
        return root.resolve("telegram").resolve("secrets");
    }
}
