//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The few HTTP calls the API clients make: GET or POST, a short timeout, JSON in and out, errors as ApiException. */
final class JsonHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final URI base;

    JsonHttp(URI base) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        // HTTP/1.1: Prometheus and Alertmanager speak it; the JDK's h2c upgrade attempt only adds a round trip.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    URI base() {
        return base;
    }

    /** GETs {@code path} and returns the status code, or -1 if nothing answers. */
    int status(String path) {
        try {
            return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    /** GETs {@code path} as text (Prometheus's exposition format), failing unless the answer is 2xx. */
    String text(String path) {
        HttpRequest request = request(path).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ApiException("GET " + request.uri() + ": HTTP " + response.statusCode(), response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new ApiException("GET " + request.uri() + ": nothing answers (" + e.getClass().getSimpleName() + ")", -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("GET " + request.uri() + ": interrupted", -1);
        }
    }

    JsonNode post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    JsonNode delete(String path) {
        // The connector's fault API refuses a DELETE without a JSON content type (a web page cannot send one unasked).
        return send(request(path).header("Content-Type", "application/json").DELETE().build());
    }

    /** POSTs with no body (lifecycle endpoints) and fails unless the answer is 2xx. */
    void postEmpty(String path) {
        send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path)).timeout(TIMEOUT);
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(request.method() + " " + request.uri() + ": nothing answers (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(request.method() + " " + request.uri() + ": interrupted", -1);
        }
        String body = response.body();
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(request.method() + " " + request.uri() + ": HTTP " + response.statusCode() + ": "
                    + abbreviate(body), response.statusCode());
        }
        if (body == null || body.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            // Lifecycle endpoints answer plain text; callers that need JSON read a missing node as "no data".
            return JSON.missingNode();
        }
    }

    private static String abbreviate(String body) {
        String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
