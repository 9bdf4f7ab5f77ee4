package livefeed.drills;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import livefeed.opsfiles.Yaml;
import livefeed.stack.StackState;
import livefeed.stack.StateDir;
import livefeed.telegram.Inbox;
import livefeed.telegram.TelegramStandIn;

/**
 * Whether a drill can see notifications arrive, and where. When the stack runs its Telegram inbox (up --alerting
 * without Telegram secrets, and every --own-stack), the drill reads the messages the inbox kept. When the running
 * Alertmanager's Telegram {@code api_url} points at another port of this machine, the drill serves a
 * {@link TelegramStandIn} there (with the bot token of that config, read in memory, never printed) for as long as it
 * runs. Otherwise (real Telegram, or no delivery) delivery is not observable and the drill says why.
 */
public final class NotificationWatch implements AutoCloseable {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    private final TelegramStandIn standIn;
    private final Inbox inbox;
    private final String description;

    private NotificationWatch(TelegramStandIn standIn, Inbox inbox, String description) {
        this.standIn = standIn;
        this.inbox = inbox;
        this.description = description;
    }

    /** The stack's inbox when it runs one, else what the rendered Alertmanager config says. */
    public static NotificationWatch forStack(StateDir state, StackState stack) {
        if (stack.telegramInbox()) {
            Inbox inbox = new Inbox(state.telegramInbox());
            return new NotificationWatch(null, inbox, "Telegram messages in the stack's inbox (" + inbox.file() + ")");
        }
        return forConfig(state.alertmanagerConfig());
    }

    /** Reads the rendered Alertmanager config and, when it delivers to a loopback Bot API, starts receiving there. */
    public static NotificationWatch forConfig(Path renderedConfig) {
        if (!Files.isRegularFile(renderedConfig)) {
            return unobservable("no rendered Alertmanager config at " + renderedConfig);
        }
        Map<String, Object> config;
        try {
            config = Yaml.parse(Files.readString(renderedConfig), renderedConfig.toString());
        } catch (IOException | RuntimeException e) {
            return unobservable("cannot read " + renderedConfig + " (" + e.getClass().getSimpleName() + ")");
        }
        for (Object r : Yaml.list(config.get("receivers"))) {
            for (Object t : Yaml.list(Yaml.map(r).get("telegram_configs"))) {
                Map<String, Object> telegram = Yaml.map(t);
                Object apiUrl = telegram.get("api_url");
                if (apiUrl == null) {
                    return unobservable("Alertmanager delivers to Telegram itself; the drill checks up to Alertmanager");
                }
                URI url = URI.create(String.valueOf(apiUrl));
                if (!LOOPBACK.contains(url.getHost()) || url.getPort() < 0) {
                    return unobservable("Alertmanager delivers to " + url.getHost() + ", not to this machine");
                }
                try {
                    TelegramStandIn standIn = TelegramStandIn.start(url.getPort(), String.valueOf(telegram.get("bot_token")),
                            null, null);
                    return new NotificationWatch(standIn, null, "Telegram messages to the drill's Telegram stand-in at " + standIn.apiUrl());
                } catch (BindException e) {
                    return unobservable("port " + url.getPort() + " of Alertmanager's api_url is taken by another "
                            + "program (another drill?)");
                } catch (IOException e) {
                    return unobservable("cannot receive at " + url + ": " + e.getMessage());
                }
            }
        }
        return unobservable("Alertmanager delivers nowhere (rendered without Telegram secrets)");
    }

    static NotificationWatch unobservable(String why) {
        return new NotificationWatch(null, null, "not observable: " + why);
    }

    public boolean observable() {
        return standIn != null || inbox != null;
    }

    public String description() {
        return description;
    }

    /** Every message seen so far, delivered or refused as Telegram would refuse it. */
    public List<Inbox.Entry> messages() {
        if (inbox != null) {
            return inbox.read();
        }
        return standIn == null ? List.of() : standIn.messages();
    }

    @Override
    public void close() {
        if (standIn != null) {
            standIn.close();
        }
    }
}
