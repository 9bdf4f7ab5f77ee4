//DEPS info.picocli:picocli:4.7.7
package livefeed.alertmanager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import livefeed.cli.ProjectRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code render-alertmanager}: writes the runtime Alertmanager config from the template and the Telegram secrets
 * (see {@link AlertmanagerConfig}). Relative default paths are taken from the project root ({@link ProjectRoot}; the working
 * directory outside a checkout), so it works from any folder of the
 * checkout, in compose's {@code /workspace}, and without a clone.
 */
@Command(name = "render-alertmanager", mixinStandardHelpOptions = true,
        description = {"Renders the Alertmanager config from its template and the Telegram secrets.",
            "Without secrets the receivers deliver nowhere (alerts stay in Alertmanager's UI and API), and it says so.",
            "Exit 2 on bad secrets (an empty token, a non-integer chat id, only one of the two files)."})
public class RenderAlertmanagerCommand implements Callable<Integer> {
    static final String DEFAULT_TEMPLATE = "ops/alertmanager/alertmanager.yml.tmpl";
    static final String DEFAULT_SECRETS = "ops/alertmanager/secrets";
    static final String DEFAULT_OUT = ".state/alertmanager/alertmanager.yml";

    @Spec
    CommandSpec spec;

    @Option(names = "--template", paramLabel = "FILE", description = "the config template (default: " + DEFAULT_TEMPLATE + ")")
    Path template;

    @Option(names = "--secrets", paramLabel = "DIR",
            description = "folder with telegram_bot_token and telegram_chat_id (default: " + DEFAULT_SECRETS + ")")
    Path secrets;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write the config, atomically (default: " + DEFAULT_OUT + ")")
    Path out;

    @Option(names = "--telegram-api-url", paramLabel = "URL", defaultValue = "${env:LIVEFEED_TELEGRAM_API_URL}",
            description = "send Telegram messages to this URL instead of the Telegram API (a local fake, for drills;"
                    + " default: env LIVEFEED_TELEGRAM_API_URL)")
    String telegramApiUrl;

    @Option(names = "--owner-uid", paramLabel = "UID",
            description = "hand the written file (0600) to this user id: compose's am_init gives it to 65534, the user"
                    + " Alertmanager's image runs as, so that no other container user can read the token (needs root)")
    Integer ownerUid;

    @Option(names = "--telegram-inbox", paramLabel = "URL", defaultValue = "${env:LIVEFEED_TELEGRAM_INBOX_URL}",
            description = "without Telegram secrets, deliver to the stack's Telegram inbox at this URL (compose's"
                    + " telegram_inbox service), with the throwaway secrets in --telegram-inbox-secrets")
    String telegramInbox;

    @Option(names = "--telegram-inbox-secrets", paramLabel = "DIR",
            description = "where the Telegram inbox's throwaway token and chat id are written once (owner-only)")
    Path telegramInboxSecrets;

    @Override
    public Integer call() {
        Path root = ProjectRoot.locate(System.getenv()).orElse(Path.of("").toAbsolutePath());
        Path templateFile = orDefault(template, root, DEFAULT_TEMPLATE);
        Path secretsDir = orDefault(secrets, root, DEFAULT_SECRETS);
        Path outFile = orDefault(out, root, DEFAULT_OUT);
        if (telegramApiUrl != null && telegramApiUrl.isBlank()) {
            telegramApiUrl = null;   // compose passes the variable through, empty when unset
        }
        if (telegramInbox != null && !telegramInbox.isBlank() && telegramApiUrl == null
                && !AlertmanagerConfig.hasSecrets(secretsDir)) {
            if (telegramInboxSecrets == null) {
                throw new livefeed.cli.UsageException("--telegram-inbox needs --telegram-inbox-secrets DIR, the folder "
                        + "it shares with the Telegram inbox");
            }
            TelegramInboxSecrets.ensure(telegramInboxSecrets);
            AlertmanagerConfig.render(templateFile, telegramInboxSecrets, telegramInbox).writeTo(outFile);
            spec.commandLine().getOut().println("render-alertmanager: wrote " + outFile + " (no Telegram secrets in "
                    + secretsDir + ": alerts go to the stack's Telegram inbox at " + telegramInbox + ")");
            spec.commandLine().getOut().flush();
            return 0;
        }
        AlertmanagerConfig config = AlertmanagerConfig.render(templateFile, secretsDir, telegramApiUrl);
        config.writeTo(outFile, ownerUid);
        if (config.deliversToTelegram()) {
            spec.commandLine().getOut().println("render-alertmanager: wrote " + outFile + " (alerts go to Telegram"
                    + (telegramApiUrl != null ? " through " + telegramApiUrl : "") + ")");
        } else {
            spec.commandLine().getOut().println("render-alertmanager: wrote " + outFile + " WITHOUT Telegram: no "
                    + AlertmanagerConfig.TOKEN_FILE + "/" + AlertmanagerConfig.CHAT_ID_FILE + " in " + secretsDir
                    + ", so alerts stay in Alertmanager's UI and API; add both files to deliver to Telegram");
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static Path orDefault(Path given, Path root, String fallback) {
        return given != null ? given : root.resolve(fallback);
    }
}
