//DEPS org.yaml:snakeyaml:2.5
package livefeed.alertmanager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import livefeed.errors.InvalidInput;
import livefeed.secrets.OwnerOnly;
import livefeed.secrets.TokenMask;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The runtime Alertmanager config: the template {@code ops/alertmanager/alertmanager.yml.tmpl} with the Telegram
 * secrets filled in. Alertmanager 0.25 expands no environment variables and reads no secret files for Telegram, so
 * this is the one place the secrets meet the config; compose's {@code am_init} (through {@code render-alertmanager})
 * and the native stack both use it.
 *
 * <p>Every {@code telegram_configs} entry of the template gets {@code bot_token}, {@code chat_id} (an unquoted
 * integer: Alertmanager rejects a quoted one) and, for drills, {@code api_url}. Without secrets every
 * {@code telegram_configs} is removed: the same routing tree, receivers that deliver nowhere (alerts stay visible in
 * Alertmanager's UI and API). Secrets never appear in messages this class produces.
 */
public final class AlertmanagerConfig {
    public static final String TOKEN_FILE = "telegram_bot_token";
    public static final String CHAT_ID_FILE = "telegram_chat_id";
    /** One word: no whitespace (Unicode's included) and no control characters. */
    private static final Pattern TOKEN = Pattern.compile("[^\\p{javaWhitespace}\\p{Cntrl}\\p{Z}]+");
    private static final Pattern CHAT_ID = Pattern.compile("-?[0-9]{1,20}");
    private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\u000B\\f\\u0085\\u2028\\u2029]");

    private final String yaml;
    private final boolean telegram;

    private AlertmanagerConfig(String yaml, boolean telegram) {
        this.yaml = yaml;
        this.telegram = telegram;
    }

    /**
     * Renders {@code template} with the secrets in {@code secretsDir} (absent files: no Telegram delivery).
     *
     * @param telegramApiUrl where Telegram delivery goes instead of the real API (a local fake in drills), or null
     * @throws InvalidInput on a missing or malformed template, half the secrets, an empty token, a non-integer
     *     chat id or a malformed URL; the message names the file and the fix, never a secret
     */
    public static AlertmanagerConfig render(Path template, Path secretsDir, String telegramApiUrl) {
        Optional<TelegramSecrets> secrets = TelegramSecrets.read(secretsDir);
        if (telegramApiUrl != null) {
            checkUrl(telegramApiUrl);
        }
        Map<String, Object> config = loadTemplate(template);
        Object receivers = config.get("receivers");
        if (!(receivers instanceof List<?> list)) {
            throw new InvalidInput(template + " has no receivers list; restore it from git");
        }
        for (Object receiver : list) {
            if (!(receiver instanceof Map<?, ?> map)) {
                throw new InvalidInput(template + ": every receiver must be a mapping with a name");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) map;
            if (!(r.get("telegram_configs") instanceof List<?> telegramConfigs)) {
                continue;
            }
            if (secrets.isEmpty()) {
                r.remove("telegram_configs");
                continue;
            }
            for (Object entry : telegramConfigs) {
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) entry;
                t.put("bot_token", secrets.get().botToken());
                t.put("chat_id", secrets.get().chatId());
                if (telegramApiUrl != null) {
                    t.put("api_url", telegramApiUrl);
                }
            }
        }
        String header = "# Rendered by render-alertmanager from " + template.getFileName() + (secrets.isPresent()
                ? " with the Telegram secrets: never commit or share this file.\n"
                : " without Telegram secrets: receivers deliver nowhere.\n");
        return new AlertmanagerConfig(header + dumper().dump(config), secrets.isPresent());
    }

    /** Whether {@code secretsDir} holds Telegram secrets (either file: half of them is an error when rendering). */
    public static boolean hasSecrets(Path secretsDir) {
        return Files.exists(secretsDir.resolve(TOKEN_FILE)) || Files.exists(secretsDir.resolve(CHAT_ID_FILE));
    }

    /** Whether the receivers deliver to Telegram (secrets were found), or nowhere. */
    public boolean deliversToTelegram() {
        return telegram;
    }

    public String yaml() {
        return yaml;
    }

    /**
     * Writes the config to {@code out} atomically, readable by its owner only (it holds the bot token): 0600 in a
     * folder that is created 0700, or an owner-only ACL on Windows.
     */
    public void writeTo(Path out) {
        writeTo(out, null);
    }

    /**
     * As {@link #writeTo(Path)}, then hands the file to {@code ownerUid} (compose's {@code am_init} runs as root and
     * Alertmanager's image as nobody, uid 65534: the file is then 0600 and that user's, so no other container user
     * reads it). Needs a POSIX file system and the right to change owners.
     */
    public void writeTo(Path out, Integer ownerUid) {
        Path target = out.toAbsolutePath();
        try {
            if (!Files.isDirectory(target.getParent())) {
                OwnerOnly.directory(target.getParent());
            }
            OwnerOnly.write(target, yaml);
            if (ownerUid != null) {
                Files.setAttribute(target, "unix:uid", ownerUid);
            }
        } catch (UncheckedIOException e) {
            String why = e.getCause().getClass().getSimpleName();
            throw new InvalidInput("out", name -> "cannot write the Alertmanager config to " + target + " (" + why
                    + "): choose a writable " + name, e);
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException | SecurityException e) {
            String why = e.getClass().getSimpleName();
            throw new InvalidInput("owner uid", name -> "cannot hand " + target + " to uid " + ownerUid + " (" + why
                    + "): " + name + " needs a POSIX file system and root", e);
        }
    }

    /** The template as plain maps and lists (anchors and merge keys resolved), for exports to other formats. */
    public static Map<String, Object> loadTemplate(Path template) {
        String text;
        try {
            text = Files.readString(template, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInput("template", name -> "the Alertmanager template " + template + " does not exist: pass "
                    + name + " or run from the project root");
        } catch (IOException e) {
            throw new InvalidInput("cannot read the Alertmanager template " + template + ": " + e.getMessage(), e);
        }
        try {
            return livefeed.opsfiles.Yaml.parse(text, template.toString());
        } catch (InvalidInput e) {
            throw new InvalidInput(e.getMessage() + "; restore it from git", e);
        }
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            // The authority, not getHost(): a compose service name such as telegram_inbox is no RFC 2396 host name.
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getAuthority() == null) {
                throw new URISyntaxException(url, "not an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInput("telegram api url", url + " is not an http(s) URL (e.g. http://127.0.0.1:8081)");
        }
    }

    /** Block-style YAML; multi-line strings (the message template) as literal blocks so the file reads like the template. */
    private static Yaml dumper() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(200);
        options.setSplitLines(false);
        options.setDereferenceAliases(true);
        Representer representer = new Representer(options) {
            {
                this.representers.put(String.class, data -> {
                    String s = (String) data;
                    return representScalar(Tag.STR, s, s.contains("\n") ? DumperOptions.ScalarStyle.LITERAL : DumperOptions.ScalarStyle.PLAIN);
                });
            }
        };
        return new Yaml(representer, options);
    }

    /** The two secret files: both present (Telegram), both absent (no delivery), anything else is an error. */
    record TelegramSecrets(String botToken, long chatId) {
        static Optional<TelegramSecrets> read(Path dir) {
            Optional<String> token = readSecret(dir.resolve(TOKEN_FILE));
            Optional<String> chatId = readSecret(dir.resolve(CHAT_ID_FILE));
            if (token.isEmpty() && chatId.isEmpty()) {
                return Optional.empty();
            }
            OwnerOnly.tryRestrict(dir);   // it holds a secret: 0700 where the folder is ours
            if (token.isEmpty() || chatId.isEmpty()) {
                String missing = token.isEmpty() ? TOKEN_FILE : CHAT_ID_FILE;
                throw new InvalidInput(dir.resolve(missing) + " is missing: Telegram needs both " + TOKEN_FILE
                        + " and " + CHAT_ID_FILE + " (or neither, for no delivery)");
            }
            String t = withoutLineEnd(token.get());
            if (LINE_BREAK.matcher(t).find()) {
                // Never the token itself in the message: it would end up in a terminal's scrollback or a CI log.
                throw new InvalidInput(dir.resolve(TOKEN_FILE) + " holds a line break or a Unicode line or paragraph"
                        + " separator (CR, LF, U+0085, U+2028 or U+2029) inside the token: put the token alone on one line");
            }
            if (t.isEmpty()) {
                throw new InvalidInput(dir.resolve(TOKEN_FILE) + " is empty: put the bot token BotFather gave you"
                        + " in it, on one line");
            }
            if (!TOKEN.matcher(t).matches()) {
                throw new InvalidInput(dir.resolve(TOKEN_FILE) + " holds more than one word: put only the bot token"
                        + " in it, on one line");
            }
            TokenMask.remember(t);
            String c = withoutLineEnd(chatId.get());
            if (!CHAT_ID.matcher(c).matches()) {
                throw new InvalidInput(dir.resolve(CHAT_ID_FILE) + " is not an integer chat id: write the chat's"
                        + " numeric id unquoted, e.g. -1001234567890");
            }
            try {
                return Optional.of(new TelegramSecrets(t, Long.parseLong(c)));
            } catch (NumberFormatException e) {
                throw new InvalidInput(dir.resolve(CHAT_ID_FILE) + " is out of range for a chat id");
            }
        }

        /** Without a UTF-8 byte order mark (Notepad writes one) and the spaces and line ends around the value. */
        private static String withoutLineEnd(String text) {
            String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
            return t.replaceAll("^[ \\t]+|[ \\t\\r\\n]+$", "");
        }

        private static Optional<String> readSecret(Path file) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                OwnerOnly.tryRestrict(file);   // it holds a secret: 0600 where the file is ours
                return Optional.of(text);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new InvalidInput("cannot read " + file + " (" + e.getClass().getSimpleName()
                        + "): make it readable by the user running the render");
            }
        }

        @Override
        public String toString() {
            return "TelegramSecrets[botToken=<hidden>, chatId=<hidden>]";
        }
    }
}
