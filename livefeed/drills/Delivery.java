//DEPS org.yaml:snakeyaml:2.5
package livefeed.drills;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Whether a drill can see notifications arrive, and where: when the running Alertmanager's Telegram {@code api_url}
 * points at this machine, the drill serves a {@link TelegramDrillReceiver} there (with the bot token of that config,
 * read in memory, never printed) for as long as it runs. Otherwise delivery is not observable and the drill says why.
 */
public final class Delivery implements AutoCloseable {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    private final TelegramDrillReceiver receiver;
    private final String description;

    private Delivery(TelegramDrillReceiver receiver, String description) {
        this.receiver = receiver;
        this.description = description;
    }

    /** Reads the rendered Alertmanager config and, when it delivers to a loopback Bot API, starts receiving there. */
    public static Delivery forConfig(Path renderedConfig) {
        if (!Files.isRegularFile(renderedConfig)) {
            return unobservable("no rendered Alertmanager config at " + renderedConfig);
        }
        Map<String, Object> config;
        try {
            config = LiveConfig.map(new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(renderedConfig)));
        } catch (IOException | RuntimeException e) {
            return unobservable("cannot read " + renderedConfig + " (" + e.getClass().getSimpleName() + ")");
        }
        for (Object r : LiveConfig.list(config.get("receivers"))) {
            for (Object t : LiveConfig.list(LiveConfig.map(r).get("telegram_configs"))) {
                Map<String, Object> telegram = LiveConfig.map(t);
                Object apiUrl = telegram.get("api_url");
                if (apiUrl == null) {
                    return unobservable("Alertmanager delivers to Telegram itself; the drill checks up to Alertmanager");
                }
                URI url = URI.create(String.valueOf(apiUrl));
                if (!LOOPBACK.contains(url.getHost()) || url.getPort() < 0) {
                    return unobservable("Alertmanager delivers to " + url.getHost() + ", not to this machine");
                }
                try {
                    TelegramDrillReceiver receiver = TelegramDrillReceiver.start(url.getPort(), String.valueOf(telegram.get("bot_token")));
                    return new Delivery(receiver, "Telegram messages to the drill receiver at " + receiver.apiUrl());
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

    static Delivery unobservable(String why) {
        return new Delivery(null, "not observable: " + why);
    }

    public boolean observable() {
        return receiver != null;
    }

    public String description() {
        return description;
    }

    public List<TelegramDrillReceiver.Message> messages() {
        return receiver == null ? List.of() : receiver.messages();
    }

    @Override
    public void close() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
