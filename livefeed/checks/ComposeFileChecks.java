//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import livefeed.opsfiles.Yaml;

/**
 * A static check of ops/compose/docker-compose.yml, for machines without a Docker engine: the services and their
 * profiles, named volumes declared, a healthcheck on every long-running service (so {@code up --wait} works),
 * pinned image tags (Prometheus and Alertmanager those promtest's engine uses, JBang's that of launcher/pom.xml),
 * every bind-mounted path present, and compose's target files naming compose services.
 */
public final class ComposeFileChecks {
    /** Service name to its profile (null: always on). */
    private static final Map<String, String> SERVICES = new java.util.LinkedHashMap<>();
    private static final Pattern PINNED = Pattern.compile("[^:@]+(:[vV]?\\d+(\\.\\d+){1,2}[-\\w.]*)");

    static {
        SERVICES.put("live_connector", null);
        SERVICES.put("prometheus", null);
        SERVICES.put("am_init", "alerting");
        SERVICES.put("alertmanager", "alerting");
        SERVICES.put("telegram_inbox", "alerting");
        SERVICES.put("grafana", "ui");
    }

    private final OpsFiles files;

    public ComposeFileChecks(OpsFiles files) {
        this.files = files;
    }

    public Path composeFile() {
        return files.ops().resolve("compose/docker-compose.yml");
    }

    public List<CheckResult> results() {
        Map<String, Object> compose = Yaml.load(composeFile());
        Map<String, Object> services = Yaml.map(compose.get("services"));
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.of("compose: the services and their profiles", services(services)));
        results.add(CheckResult.of("compose: pinned image tags", images(services)));
        results.add(CheckResult.of("compose: a healthcheck on every long-running service", healthchecks(services)));
        results.add(CheckResult.of("compose: named volumes declared, every mounted file present",
                volumes(services, Yaml.map(compose.get("volumes")))));
        results.add(CheckResult.of("compose: commands (connector on 0.0.0.0, lifecycle API, am_init renders)",
                commands(services)));
        results.add(CheckResult.of("compose: targets name compose services", targets(services)));
        return results;
    }

    private static List<String> services(Map<String, Object> services) {
        List<String> problems = new ArrayList<>();
        SERVICES.forEach((name, profile) -> {
            if (!services.containsKey(name)) {
                problems.add("service " + name + " is missing");
                return;
            }
            List<Object> profiles = Yaml.list(Yaml.map(services.get(name)).get("profiles"));
            List<Object> expected = profile == null ? List.of() : List.of(profile);
            if (!profiles.equals(expected)) {
                problems.add("service " + name + " has profiles " + profiles + ", expected " + expected);
            }
        });
        return problems;
    }

    private List<String> images(Map<String, Object> services) {
        List<String> problems = new ArrayList<>();
        services.forEach((name, s) -> {
            String image = Yaml.string(Yaml.map(s).get("image"));
            if (image == null) {
                problems.add("service " + name + " has no image");
            } else if (!PINNED.matcher(image).matches()) {
                problems.add("service " + name + ": image " + image + " is not pinned to a version");
            }
        });
        expectImage(services, "prometheus", ContainerEngine.PROMETHEUS_IMAGE, problems);
        expectImage(services, "alertmanager", ContainerEngine.ALERTMANAGER_IMAGE, problems);
        String jbang = "jbangdev/jbang:" + launcherJbangVersion() + "-java-17";
        expectImage(services, "live_connector", jbang, problems);
        expectImage(services, "am_init", jbang, problems);
        expectImage(services, "telegram_inbox", jbang, problems);
        return problems;
    }

    private static void expectImage(Map<String, Object> services, String service, String expected, List<String> problems) {
        String image = Yaml.string(Yaml.map(services.get(service)).get("image"));
        if (image != null && !image.equals(expected)) {
            problems.add("service " + service + ": image " + image + ", expected " + expected);
        }
    }

    /** The JBang version launcher/pom.xml pins (its own version), or "?" when there is no launcher. */
    private String launcherJbangVersion() {
        Path pom = files.launcherPom();
        try {
            Matcher m = Pattern.compile("(?m)^  <version>([^<]+)</version>").matcher(Files.readString(pom));
            return m.find() ? m.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<String> healthchecks(Map<String, Object> services) {
        List<String> problems = new ArrayList<>();
        services.forEach((name, s) -> {
            Map<String, Object> service = Yaml.map(s);
            boolean oneShot = "no".equals(Yaml.string(service.get("restart")));
            Map<String, Object> health = Yaml.map(service.get("healthcheck"));
            if (!oneShot && Yaml.list(health.get("test")).isEmpty()) {
                problems.add("service " + name + " has no healthcheck: `up --wait` cannot tell when it is ready");
            }
        });
        return problems;
    }

    private List<String> volumes(Map<String, Object> services, Map<String, Object> declared) {
        List<String> problems = new ArrayList<>();
        Path dir = composeFile().getParent();
        services.forEach((name, s) -> {
            for (Object v : Yaml.list(Yaml.map(s).get("volumes"))) {
                String source = Yaml.string(v).split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    if (!Files.exists(dir.resolve(source).normalize())) {
                        problems.add("service " + name + " mounts " + source + ", which does not exist");
                    }
                } else if (!declared.containsKey(source)) {
                    problems.add("service " + name + " uses volume " + source + ", which is not declared");
                }
            }
        });
        for (String required : List.of("prom_data", "grafana_data")) {
            if (!declared.containsKey(required)) {
                problems.add("named volume " + required + " is not declared");
            }
        }
        return problems;
    }

    private static List<String> commands(Map<String, Object> services) {
        List<String> problems = new ArrayList<>();
        String connector = command(services, "live_connector");
        if (!connector.contains("connector.java") || !connector.contains("--bind 0.0.0.0")) {
            problems.add("live_connector must run connector.java --bind 0.0.0.0 (Prometheus scrapes it from another"
                    + " container), not: " + connector);
        }
        if (command(services, "prometheus").contains("--web.enable-lifecycle")) {
            problems.add("prometheus must not run with --web.enable-lifecycle: any web page could POST /-/quit to it"
                    + " through the published port (reloads go by SIGHUP: docker compose kill --signal SIGHUP prometheus)");
        }
        if (!command(services, "am_init").contains("observability.java render-alertmanager")) {
            problems.add("am_init must run observability.java render-alertmanager");
        } else if (!command(services, "am_init").contains("--owner-uid 65534")) {
            problems.add("am_init must run render-alertmanager with --owner-uid 65534, so that only Alertmanager's user"
                    + " (nobody) reads the rendered config with the Telegram token");
        }
        String inbox = command(services, "telegram_inbox");
        String amInit = command(services, "am_init");
        if (!inbox.contains("observability.java telegram-inbox") || !inbox.contains("--bind 0.0.0.0")) {
            problems.add("telegram_inbox must run observability.java telegram-inbox --bind 0.0.0.0 (Alertmanager "
                    + "delivers to it from another container), not: " + inbox);
        } else if (!amInit.contains("--telegram-inbox-secrets " + option(inbox, "--secrets"))) {
            problems.add("am_init must write the Telegram inbox's secrets where telegram_inbox reads them ("
                    + option(inbox, "--secrets") + ")");
        }
        Object dependsOn = Yaml.map(Yaml.map(services.get("alertmanager")).get("depends_on")).get("am_init");
        if (!"service_completed_successfully".equals(Yaml.string(Yaml.map(dependsOn).get("condition")))) {
            problems.add("alertmanager must depend on am_init with condition service_completed_successfully");
        }
        return problems;
    }

    /** The value after {@code option} in a command line, or "". */
    private static String option(String command, String option) {
        Matcher m = Pattern.compile(Pattern.quote(option) + " (\\S+)").matcher(command);
        return m.find() ? m.group(1) : "";
    }

    private static String command(Map<String, Object> services, String name) {
        Object command = Yaml.map(services.get(name)).get("command");
        return command instanceof List<?> l ? String.join(" ", l.stream().map(String::valueOf).toList())
                : String.valueOf(command);
    }

    private List<String> targets(Map<String, Object> services) {
        List<String> problems = new ArrayList<>();
        Set<String> expected = Set.of("live_connector.json", "prometheus.json", "alertmanager.json");
        for (String file : expected) {
            Path path = files.composeTargets().resolve(file);
            if (!Files.isRegularFile(path)) {
                problems.add(path + " is missing");
                continue;
            }
            try {
                JsonNode groups = new ObjectMapper().readTree(Files.readString(path));
                for (JsonNode group : groups) {
                    for (JsonNode target : group.path("targets")) {
                        String host = target.asText().split(":")[0];
                        if (!host.equals("localhost") && !services.containsKey(host)) {
                            problems.add(file + ": target " + target.asText() + " is not a compose service");
                        }
                    }
                }
            } catch (IOException e) {
                problems.add(file + " is not valid JSON: " + e.getMessage());
            }
        }
        try (Stream<Path> list = Files.list(files.composeTargets())) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !expected.contains(n))
                    .forEach(n -> problems.add("targets/" + n + " is read by no scrape job"));
        } catch (IOException e) {
            problems.add("cannot list " + files.composeTargets());
        }
        return problems;
    }
}
