package livefeed.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import livefeed.api.ApiException;
import livefeed.api.PromApi;
import livefeed.cli.Console;

/**
 * Waits until the stack serves: each service answers its ready endpoint, every scrape target is up, every rule group
 * is healthy. Prints a progress line per step as it happens; on a timeout, says what is not up and shows the end of
 * that service's log.
 */
public final class StackWaiter {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int LOG_LINES = 15;

    private final Stack stack;
    private final StackState state;
    private final Console console;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public StackWaiter(Stack stack, StackState state, Console console) {
        this.stack = stack;
        this.state = state;
        this.console = console;
    }

    /** Returns true when everything is up within {@code timeout}. */
    public boolean await(Duration timeout) {
        List<Service> services = state.services();
        Set<Service> ready = EnumSet.noneOf(Service.class);
        Set<String> targetsUp = new HashSet<>();
        Set<String> expectedJobs = new HashSet<>();
        services.stream().filter(s -> s != Service.GRAFANA && s != Service.TELEGRAM_INBOX).forEach(s -> expectedJobs.add(s.serviceName()));
        PromApi prom = state.promApi();
        List<PromApi.Target> targets = List.of();
        List<PromApi.RuleGroup> groups = List.of();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Service service : services) {
                if (ready.contains(service)) {
                    continue;
                }
                if (!stack.isRunning(service)) {
                    console.progress(service.serviceName(), "exited", "before it was ready; the end of its log:");
                    printLog(service);
                    return false;
                }
                if (answers(service)) {
                    ready.add(service);
                    console.progress(service.serviceName(), "ready", state.url(service));
                }
            }
            if (ready.contains(Service.PROMETHEUS)) {
                try {
                    targets = prom.targets();
                    groups = prom.ruleGroups();
                } catch (ApiException e) {
                    targets = List.of();
                }
                for (PromApi.Target target : targets) {
                    if (target.isUp() && targetsUp.add(target.job() + " " + target.instance())) {
                        console.progress(target.job(), "target up", target.instance());
                    }
                }
                Set<String> jobsUp = new HashSet<>();
                targets.stream().filter(PromApi.Target::isUp).forEach(t -> jobsUp.add(t.job()));
                boolean allUp = !targets.isEmpty() && targets.stream().allMatch(PromApi.Target::isUp)
                        && jobsUp.containsAll(expectedJobs);
                if (ready.containsAll(services) && allUp && groups.stream().allMatch(PromApi.RuleGroup::isHealthy)) {
                    return true;
                }
            }
            if (System.nanoTime() > deadline) {
                reportTimeout(timeout, services, ready, targets, groups, expectedJobs);
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private boolean answers(Service service) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(state.url(service)).resolve(service.readyPath()))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void reportTimeout(Duration timeout, List<Service> services, Set<Service> ready,
            List<PromApi.Target> targets, List<PromApi.RuleGroup> groups, Set<String> expectedJobs) {
        console.line(console.red("not up after " + timeout.toSeconds() + " s:"));
        Set<Service> blame = EnumSet.noneOf(Service.class);
        for (Service service : services) {
            if (!ready.contains(service)) {
                console.line("  " + service + ": does not answer " + state.url(service) + service.readyPath().substring(1));
                blame.add(service);
            }
        }
        Set<String> seenJobs = new HashSet<>();
        for (PromApi.Target target : targets) {
            seenJobs.add(target.job());
            if (!target.isUp()) {
                console.line("  target " + target.job() + " " + target.instance() + ": " + target.health()
                        + (target.lastError().isEmpty() ? "" : " (" + target.lastError() + ")"));
                services.stream().filter(s -> s.serviceName().equals(target.job())).forEach(blame::add);
            }
        }
        if (ready.contains(Service.PROMETHEUS)) {
            for (String job : expectedJobs) {
                if (!seenJobs.contains(job)) {
                    console.line("  target " + job + ": not discovered (is the job in prometheus.yml?)");
                }
            }
        }
        for (PromApi.RuleGroup group : groups) {
            for (PromApi.Rule rule : group.unhealthyRules()) {
                console.line("  rule " + group.name() + "/" + rule.name() + ": " + rule.lastError());
                blame.add(Service.PROMETHEUS);
            }
        }
        for (Service service : blame) {
            console.line("-- the end of " + service + "'s log:");
            printLog(service);
        }
    }

    private void printLog(Service service) {
        stack.logTail(service, LOG_LINES).forEach(line -> console.line("   | " + line));
    }
}
