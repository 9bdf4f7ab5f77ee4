package livefeed.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for the connector's tests: HTTP against its port, and metric values (waits are Awaitility's). */
public final class FeedTesting {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FeedTesting() {}

    public record Response(int status, String contentType, String body) {}

    public static Response request(String method, String url) {
        return request(method, url, new String[0]);
    }

    /** A request with headers given as name, value, name, value... */
    public static Response request(String method, String url, String... headers) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            if (headers.length > 0) {
                builder.headers(headers);
            }
            HttpResponse<String> r = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            return new Response(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static Response get(String url) {
        return request("GET", url);
    }

    /**
     * The sum of the series {@code name{...labels...}} in a Prometheus text exposition ({@code labels} as exposed,
     * e.g. {@code venue="sim"}; empty for any), or NaN when there is none.
     */
    public static double metric(String exposition, String name, String labels) {
        List<Double> values = values(exposition, name, labels);
        return values.isEmpty() ? Double.NaN : values.stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The values of every series {@code name{...labels...}}. */
    public static List<Double> values(String exposition, String name, String labels) {
        String series = Pattern.quote(name) + (labels.isEmpty() ? "(\\{[^}]*\\})?"
                : "\\{[^}]*" + Pattern.quote(labels) + "[^}]*\\}");
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(exposition);
        List<Double> out = new ArrayList<>();
        while (m.find()) {
            out.add(Double.parseDouble(m.group(m.groupCount())));
        }
        return out;
    }

    /** A /healthz source with one venue, sim, healthy (a null reason): what a port answers is then the server's doing. */
    public static Map<String, String> oneHealthyVenue() {
        Map<String, String> problems = new java.util.HashMap<>();
        problems.put("sim", null);
        return problems;
    }
}
