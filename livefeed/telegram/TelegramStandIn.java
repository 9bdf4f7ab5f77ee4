//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the part of the Telegram Bot API that Alertmanager uses, on loopback: {@code POST
 * /bot<token>/sendMessage}. It checks each message as Telegram does ({@link TelegramHtml}: the tags of
 * {@code parse_mode} HTML, the 4096-character limit, an empty text; the token and the chat) and answers as Telegram
 * does: {@code {"ok":true,"result":{...}}}, or {@code {"ok":false,"error_code":N,"description":"..."}} with that
 * status, so Alertmanager logs and retries as it would against Telegram. Every message, delivered or refused, is
 * kept (in memory, and in the {@link Inbox} file when there is one). {@code GET /healthz} answers 200 while it serves.
 */
public final class TelegramStandIn implements AutoCloseable {
    private static final Pattern SEND_MESSAGE = Pattern.compile("/bot([^/]+)/sendMessage");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Telegram's own limit on a request is far above any message; this only keeps a runaway client out. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpServer server;
    private final String token;
    private final String chatId;
    private final Inbox inbox;
    private final List<Inbox.Entry> messages = new ArrayList<>();

    private TelegramStandIn(HttpServer server, String token, String chatId, Inbox inbox) {
        this.server = server;
        this.token = token;
        this.chatId = chatId;
        this.inbox = inbox;
    }

    /**
     * Starts on 127.0.0.1:{@code port} (0: any free port), accepting only {@code token}.
     *
     * @param chatId the one chat that exists (null: any chat)
     * @param inbox where every message is appended (null: kept in memory only)
     */
    public static TelegramStandIn start(int port, String token, String chatId, Inbox inbox) throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), token, chatId, inbox);
    }

    /** Starts on {@code address} (compose: every interface of its container, for Alertmanager's container). */
    public static TelegramStandIn start(InetSocketAddress address, String token, String chatId, Inbox inbox) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        TelegramStandIn standIn = new TelegramStandIn(server, token, chatId, inbox);
        server.createContext("/", standIn::handle);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "telegram-stand-in");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return standIn;
    }

    /** The value for Alertmanager's {@code api_url}. */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The messages this process received, delivered or refused, oldest first. */
    public synchronized List<Inbox.Entry> messages() {
        return List.copyOf(messages);
    }

    /** Waits until a message matching {@code wanted} has arrived, or the timeout passes. */
    public synchronized Optional<Inbox.Entry> await(Predicate<Inbox.Entry> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Inbox.Entry> found = messages.stream().filter(wanted).findFirst();
            long left = deadline - System.nanoTime();
            if (found.isPresent() || left <= 0) {
                return found;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/healthz") && exchange.getRequestMethod().equals("GET")) {
                reply(exchange, 200, JSON.createObjectNode().put("ok", true));
                return;
            }
            Matcher send = SEND_MESSAGE.matcher(path);
            if (!send.matches() || !exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 404, error(404, "Not Found"));
                return;
            }
            if (!send.group(1).equals(token)) {
                reply(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(readCapped(exchange.getRequestBody()));
            } catch (IOException e) {
                reply(exchange, 400, error(400, "Bad Request: can't parse JSON"));
                return;
            }
            if (body == null || !body.isObject()) {
                reply(exchange, 400, error(400, "Bad Request: can't parse JSON"));
                return;
            }
            String chat = body.path("chat_id").asText("");
            String text = body.path("text").asText("");
            String parseMode = body.path("parse_mode").asText("");
            if (chat.isEmpty()) {
                reply(exchange, 400, error(400, "Bad Request: chat_id is empty"));
                return;
            }
            if (chatId != null && !chatId.equals(chat)) {
                keep(new Inbox.Entry(Instant.now(), chat, parseMode, text, null, 400, "Bad Request: chat not found"));
                reply(exchange, 400, error(400, "Bad Request: chat not found"));
                return;
            }
            String rendered;
            try {
                rendered = TelegramHtml.render(text, parseMode);
            } catch (TelegramHtml.Refused refused) {
                keep(new Inbox.Entry(Instant.now(), chat, parseMode, text, null, 400, refused.getMessage()));
                reply(exchange, 400, error(400, refused.getMessage()));
                return;
            }
            Inbox.Entry entry = new Inbox.Entry(Instant.now(), chat, parseMode, text, rendered, 0, null);
            int id = keep(entry);
            ObjectNode result = JSON.createObjectNode();
            result.put("message_id", id);
            result.put("date", entry.receivedAt().getEpochSecond());
            ObjectNode chatNode = result.putObject("chat").put("type", "private");
            if (chat.matches("-?\\d+")) {
                chatNode.put("id", Long.parseLong(chat));
            } else {
                chatNode.put("username", chat);
            }
            result.put("text", rendered);
            ObjectNode ok = JSON.createObjectNode().put("ok", true);
            ok.set("result", result);
            reply(exchange, 200, ok);
        }
    }

    /**
     * Appends to the inbox file first (what survives), then to memory; returns the message's number. With a file, a
     * line per message goes to stdout too (the service's log: 'observability.java logs telegram_inbox').
     */
    private int keep(Inbox.Entry entry) {
        if (inbox != null) {
            inbox.append(entry);
            System.out.println(entry.receivedAt() + " " + (entry.alert().isEmpty() ? "(no alert named)" : entry.alert())
                    + " " + entry.status() + " " + (entry.delivered() ? "delivered" : "REFUSED " + entry.errorCode()
                    + " " + entry.description()));
            System.out.flush();
        }
        synchronized (this) {
            messages.add(entry);
            notifyAll();
            return messages.size();
        }
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new IOException("request body over " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    private static ObjectNode error(int code, String description) {
        return JSON.createObjectNode().put("ok", false).put("error_code", code).put("description", description);
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
