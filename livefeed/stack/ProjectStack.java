package livefeed.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import livefeed.alertmanager.AlertmanagerConfig;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;

/**
 * The project's stack: the one place that assembles a {@link NativeStack} or a {@link ComposeStack} from the
 * checkout's ops/ files (ops/prometheus copied verbatim, the Alertmanager template rendered by
 * {@link AlertmanagerConfig}, the compose file), for {@code observability.java}, a drill's own stack and the drills'
 * control of a running one alike.
 */
public final class ProjectStack {
    private static final String TEMPLATE = "ops/alertmanager/alertmanager.yml.tmpl";

    private ProjectStack() {}

    /**
     * The native stack of the checkout at {@code root}, Alertmanager's config rendered from the template: to the
     * stack's Telegram inbox with its throwaway secrets when {@code telegramInbox}, else to Telegram with the secrets
     * in {@code telegramSecrets} (none there: alerts stay in Alertmanager).
     *
     * @param telegramSecrets the Telegram secrets folder (null: ops/alertmanager/secrets)
     */
    public static NativeStack nativeStack(Path root, StateDir state, ToolFinder tools, Path telegramSecrets,
            boolean telegramInbox) {
        Path secretsDir = telegramSecrets != null ? telegramSecrets : root.resolve("ops/alertmanager/secrets");
        return NativeStack.forProject(root, state, tools, (out, telegramApiUrl) -> {
            AlertmanagerConfig config = AlertmanagerConfig.render(root.resolve(TEMPLATE),
                    telegramInbox ? state.telegramSecrets() : secretsDir, telegramApiUrl);
            config.writeTo(out);
            if (telegramInbox) {
                return "alerts go to the stack's Telegram inbox at " + telegramApiUrl + " (no Telegram secrets in "
                        + secretsDir + "): read them with 'observability.java inbox'";
            }
            return config.deliversToTelegram()
                    ? "alerts go to Telegram" + (telegramApiUrl != null ? " through " + telegramApiUrl : "")
                    : "alerts stay in Alertmanager (no Telegram secrets in " + secretsDir + ")";
        });
    }

    /**
     * The native stack recorded in {@code state} as it runs, to reload it or start what stopped: Alertmanager's
     * rendered config is kept as it is.
     *
     * @param connectorCommand the connector's command without port and bind options (null: the project's connector)
     */
    public static NativeStack running(Path root, StateDir state, List<String> connectorCommand) {
        return new NativeStack(root, state, new ToolFinder(), (out, url) -> "kept as it runs",
                root.resolve("ops").resolve("prometheus"), connectorCommand);
    }

    /** The compose stack of the checkout at {@code root} (ops/compose/docker-compose.yml). */
    public static ComposeStack compose(Path root, StateDir state, ToolFinder tools, Duration timeout) {
        return new ComposeStack(tools.require(Tool.DOCKER), root.resolve("ops/compose/docker-compose.yml"), state,
                CommandRunner.inDirectory(root), timeout);
    }
}
