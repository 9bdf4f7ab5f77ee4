//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small part of the Telegram Bot API that Alertmanager uses, on loopback: {@code POST /bot<token>/sendMessage}.
 * Pointing Alertmanager's {@code telegram_configs.api_url} here lets a drill prove that a real Alertmanager delivered
 * a real Telegram-format message, without Telegram. Answers like Telegram: {@code {"ok":true,"result":{...}}}, or
 * 401 for another token (Alertmanager then retries, as it would against Telegram).
 */
public final class TelegramDrillReceiver implements AutoCloseable {
    private static final Pattern SEND_MESSAGE = Pattern.compile("/bot([^/]+)/sendMessage");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message as Alertmanager sent it. */
    public record Message(Instant receivedAt, String chatId, String text, String parseMode) {}

    private final HttpServer server;
    private final String token;
    private final List<Message> messages = new ArrayList<>();

    private TelegramDrillReceiver(HttpServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /** Starts on 127.0.0.1:{@code port} (0 for any free port), accepting only {@code token}. */
    public static TelegramDrillReceiver start(int port, String token) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        TelegramDrillReceiver receiver = new TelegramDrillReceiver(server, token);
        server.createContext("/", receiver::handle);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "telegram-drill-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return receiver;
    }

    /** The value for Alertmanager's {@code api_url}. */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    /** Waits until a message matching {@code wanted} has arrived, or the timeout passes. */
    public synchronized Optional<Message> await(Predicate<Message> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Message> found = messages.stream().filter(wanted).findFirst();
            long left = deadline - System.nanoTime();
            if (found.isPresent() || left <= 0) {
                return found;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = SEND_MESSAGE.matcher(exchange.getRequestURI().getPath());
            if (!path.matches() || !exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 404, error(404, "Not Found"));
                return;
            }
            if (!path.group(1).equals(token)) {
                reply(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(exchange.getRequestBody());
            } catch (IOException e) {
                reply(exchange, 400, error(400, "Bad Request: can't parse JSON"));
                return;
            }
            String chatId = body.path("chat_id").asText("");
            String text = body.path("text").asText("");
            if (chatId.isEmpty() || text.isEmpty()) {
                reply(exchange, 400, error(400, "Bad Request: chat_id and text are required"));
                return;
            }
            Message message = new Message(Instant.now(), chatId, text, body.path("parse_mode").asText(""));
            int id;
            synchronized (this) {
                messages.add(message);
                id = messages.size();
                notifyAll();
            }
            ObjectNode result = JSON.createObjectNode();
            result.put("message_id", id);
            result.put("date", message.receivedAt().getEpochSecond());
            ObjectNode chat = result.putObject("chat").put("type", "private");
            if (chatId.matches("-?\\d+")) {
                chat.put("id", Long.parseLong(chatId));
            } else {
                chat.put("username", chatId);
            }
            result.put("text", text);
            ObjectNode ok = JSON.createObjectNode().put("ok", true);
            ok.set("result", result);
            reply(exchange, 200, ok);
        }
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
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
