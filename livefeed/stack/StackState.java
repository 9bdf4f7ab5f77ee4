//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import livefeed.api.AlertmanagerApi;
import livefeed.api.PromApi;

/**
 * What {@code up} started, kept in {@code <state>/stack.json} so that {@code status}, {@code down}, {@code logs} and
 * the drills find the stack: the backend, the address services listen on, their ports, and the profiles.
 */
public record StackState(Backend backend, String bindAddress, Ports ports, boolean alerting, boolean ui,
        Instant startedAt, boolean faults, boolean telegramInbox) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public StackState(Backend backend, String bindAddress, Ports ports, boolean alerting, boolean ui, Instant startedAt) {
        this(backend, bindAddress, ports, alerting, ui, startedAt, false, false);
    }

    public static Optional<StackState> load(StateDir state) {
        if (!Files.isRegularFile(state.stackFile())) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(state.stackFile().toFile());
            JsonNode p = n.path("ports");
            return Optional.of(new StackState(Backend.valueOf(n.path("backend").asText().toUpperCase()),
                    n.path("bind_address").asText("127.0.0.1"),
                    new Ports(p.path(Service.LIVE_CONNECTOR.serviceName()).asInt(), p.path("prometheus").asInt(),
                            p.path("alertmanager").asInt(), p.path("grafana").asInt(),
                            p.path(Service.TELEGRAM_INBOX.serviceName()).asInt(Service.TELEGRAM_INBOX.defaultPort())),
                    n.path("alerting").asBoolean(), n.path("ui").asBoolean(),
                    Instant.parse(n.path("started_at").asText()), n.path("faults").asBoolean(),
                    n.path("telegram_inbox").asBoolean()));
        } catch (IOException | RuntimeException e) {
            throw new livefeed.errors.InvalidInput(state.stackFile() + " is unreadable (" + e.getMessage()
                    + "): run 'down' and 'up' again, or delete it");
        }
    }

    public void save(StateDir state) {
        ObjectNode n = JSON.createObjectNode();
        n.put("backend", backend.name().toLowerCase());
        n.put("bind_address", bindAddress);
        ObjectNode p = n.putObject("ports");
        for (Service s : Service.values()) {
            p.put(s.serviceName(), ports.of(s));
        }
        n.put("alerting", alerting);
        n.put("ui", ui);
        n.put("started_at", startedAt.toString());
        n.put("faults", faults);
        n.put("telegram_inbox", telegramInbox);
        AtomicFiles.write(state.stackFile(), n.toPrettyString() + "\n");
    }

    /** The services this stack runs, in start order. */
    public List<Service> services() {
        List<Service> services = new ArrayList<>(List.of(Service.LIVE_CONNECTOR, Service.PROMETHEUS));
        if (alerting()) {
            services.add(Service.ALERTMANAGER);
        }
        if (ui()) {
            services.add(Service.GRAFANA);
        }
        if (alerting() && telegramInbox()) {
            services.add(Service.TELEGRAM_INBOX);
        }
        return services;
    }

    /** The host a client on this machine connects to: loopback when the services listen on every interface. */
    public String clientHost() {
        return clientHost(bindAddress);
    }

    static String clientHost(String bindAddress) {
        return switch (bindAddress) {
            case "0.0.0.0", "::", "[::]", "" -> "127.0.0.1";
            default -> bindAddress.contains(":") && !bindAddress.startsWith("[") ? "[" + bindAddress + "]" : bindAddress;
        };
    }

    public String url(Service service) {
        return "http://" + clientHost() + ":" + ports.of(service) + "/";
    }

    public PromApi promApi() {
        return PromApi.at(clientHost(), ports.prometheus());
    }

    public AlertmanagerApi alertmanagerApi() {
        return AlertmanagerApi.at(clientHost(), ports.alertmanager());
    }
}
