//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import livefeed.api.ApiException;
import livefeed.api.PromApi;
import livefeed.cli.Console;

/**
 * The stack at one moment: each service (running or not, pid, URL), Prometheus's targets, rule groups and firing
 * alerts. Printed as a table for people or as JSON whose shape never changes (same keys, sorted lists) for scripts.
 */
public record StackStatus(Backend backend, List<ServiceStatus> services, List<PromApi.Target> targets,
        List<PromApi.RuleGroup> ruleGroups, List<PromApi.Alert> firing, String prometheusError, Instant at) {

    /**
     * {@code name}: a {@link Service}'s name, or that of a service the stack runs beside them (the dashboard without
     * Grafana); {@code note}: what else the table says about the service (the connector's fault API, the inbox), or "".
     */
    public record ServiceStatus(String name, boolean running, Long pid, String url, String note) {}

    /** Reads the status of the stack recorded in {@code state}; {@code empty} state means nothing was started. */
    public static StackStatus collect(Stack stack, Optional<StackState> state) {
        List<ServiceStatus> services = new ArrayList<>();
        if (state.isEmpty()) {
            return new StackStatus(stack.backend(), services, List.of(), List.of(), List.of(), "the stack is not up", Instant.now());
        }
        for (Service service : state.get().services()) {
            services.add(new ServiceStatus(service.serviceName(), stack.isRunning(service), stack.pid(service).orElse(null),
                    state.get().url(service), note(service, state.get())));
        }
        PromApi prom = state.get().promApi();
        try {
            List<PromApi.Target> targets = prom.targets();
            List<PromApi.RuleGroup> groups = prom.ruleGroups();
            List<PromApi.Alert> firing = prom.alerts().stream().filter(PromApi.Alert::isFiring).toList();
            return new StackStatus(state.get().backend(), services, targets, groups, firing, null, Instant.now());
        } catch (ApiException e) {
            return new StackStatus(state.get().backend(), services, List.of(), List.of(), List.of(), e.getMessage(), Instant.now());
        }
    }

    private static String note(Service service, StackState state) {
        return switch (service) {
            case LIVE_CONNECTOR -> state.faults() ? "fault API on (loopback only)" : "fault API off";
            case TELEGRAM_INBOX -> "Telegram stand-in: observability.java inbox";
            default -> "";
        };
    }

    /** The same status with one more service row (one the stack runs beside its own, such as the dashboard). */
    public StackStatus withService(ServiceStatus extra) {
        List<ServiceStatus> more = new ArrayList<>(services);
        more.add(extra);
        return new StackStatus(backend, List.copyOf(more), targets, ruleGroups, firing, prometheusError, at);
    }

    /** Every service runs, Prometheus answers, every target is up and every rule group healthy. */
    public boolean healthy() {
        return !services.isEmpty() && services.stream().allMatch(ServiceStatus::running) && prometheusError == null
                && !targets.isEmpty() && targets.stream().allMatch(PromApi.Target::isUp)
                && ruleGroups.stream().allMatch(PromApi.RuleGroup::isHealthy);
    }

    public void print(Console console) {
        if (services.isEmpty()) {
            console.line("the stack is not up (start it with: observability.java up)");
            return;
        }
        console.line(console.bold(String.format("%-15s %-8s %-8s %s", "SERVICE", "STATE", "PID", "URL")));
        for (ServiceStatus s : services) {
            String state = s.running() ? "running" : "exited";
            console.line(String.format("%-15s %s %-8s %-25s %s", s.name(), console.health(state, String.format("%-8s", state)),
                    s.pid() == null ? "-" : s.pid(), s.url(), s.note()).stripTrailing());
        }
        console.line("");
        if (prometheusError != null) {
            console.line(console.red("Prometheus does not answer: ") + prometheusError);
            return;
        }
        console.line(console.bold(String.format("%-15s %-22s %-7s %-12s %s", "JOB", "INSTANCE", "HEALTH", "LAST SCRAPE",
                "LAST ERROR")));
        for (PromApi.Target t : targets) {
            console.line(String.format("%-15s %-22s %s %-12s %s", t.job(), t.instance(),
                    console.health(t.health(), String.format("%-7s", t.health())), ago(t.lastScrape()), t.lastError()));
        }
        long rules = ruleGroups.stream().mapToLong(g -> g.rules().size()).sum();
        List<String> unhealthy = new ArrayList<>();
        ruleGroups.forEach(g -> g.unhealthyRules().forEach(r -> unhealthy.add(g.name() + "/" + r.name() + ": " + r.lastError())));
        console.line("");
        console.line("rules: " + ruleGroups.size() + " groups, " + rules + " rules, "
                + (unhealthy.isEmpty() ? console.green("all healthy") : console.red(unhealthy.size() + " failing")));
        unhealthy.forEach(u -> console.line("  " + u));
        console.line(firing.isEmpty() ? "firing alerts: none" : "firing alerts:");
        for (PromApi.Alert a : firing) {
            List<String> labels = new ArrayList<>();
            a.labels().forEach((k, v) -> {
                if (!k.equals("alertname")) {
                    labels.add(k + "=" + v);
                }
            });
            console.line("  " + console.health("firing", a.name()) + " " + String.join(" ", labels));
        }
    }

    private String ago(Instant instant) {
        if (instant == null) {
            return "never";
        }
        return String.format(Locale.ROOT, "%.1fs ago", Math.max(0, Duration.between(instant, at).toMillis()) / 1000.0);
    }

    /** The JSON form: {"backend","healthy","services":[...],"targets":[...],"rule_groups":[...],"firing_alerts":[...],"prometheus_error"}. */
    public String toJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("backend", backend.toString());
        root.put("healthy", healthy());
        root.put("at", at.toString());
        ArrayNode services = root.putArray("services");
        for (ServiceStatus s : this.services) {
            ObjectNode n = services.addObject();
            n.put("name", s.name());
            n.put("running", s.running());
            if (s.pid() == null) {
                n.putNull("pid");
            } else {
                n.put("pid", s.pid());
            }
            n.put("url", s.url());
            n.put("note", s.note());
        }
        ArrayNode targets = root.putArray("targets");
        for (PromApi.Target t : this.targets) {
            ObjectNode n = targets.addObject();
            n.put("job", t.job());
            n.put("instance", t.instance());
            n.put("health", t.health());
            n.put("last_scrape", t.lastScrape() == null ? null : t.lastScrape().toString());
            n.put("last_error", t.lastError());
        }
        ArrayNode groups = root.putArray("rule_groups");
        for (PromApi.RuleGroup g : ruleGroups) {
            ObjectNode n = groups.addObject();
            n.put("name", g.name());
            n.put("file", g.file());
            n.put("rules", g.rules().size());
            n.put("healthy", g.isHealthy());
        }
        ArrayNode alerts = root.putArray("firing_alerts");
        for (PromApi.Alert a : firing) {
            ObjectNode n = alerts.addObject();
            n.put("name", a.name());
            a.labels().forEach(n.putObject("labels")::put);
            n.put("active_at", a.activeAt() == null ? null : a.activeAt().toString());
        }
        root.put("prometheus_error", prometheusError);
        return root.toPrettyString();
    }
}
