package livefeed.kubernetes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleSpec;
import io.fabric8.openshift.api.model.monitoring.v1.RelabelConfig;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.Matcher;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.Receiver;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.Route;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.TelegramConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import livefeed.errors.InvalidInput;
import livefeed.opsfiles.RuleFile;
import livefeed.checks.CheckReport;
import livefeed.checks.EngineChoice;
import livefeed.checks.OpsChecks;
import livefeed.checks.OpsFiles;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.InProcess;
import livefeed.testsupport.OpsCopy;
import livefeed.testsupport.Project;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code export kubernetes}: every object read back strictly through the operator's and Kubernetes' typed models and
 * compared with what ops/ says, independently read (promtest's rule reader, SnakeYAML for the Alertmanager template,
 * plain text for the dashboard). No cluster runs here; Prometheus and promtool do.
 */
@CapturesStandardStreams
class KubernetesExportTest {
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "PrometheusRule", PrometheusRule.class, "Service", Service.class, "ServiceMonitor", ServiceMonitor.class,
            "AlertmanagerConfig", AlertmanagerConfig.class, "ConfigMap", ConfigMap.class, "Deployment", Deployment.class);

    @TempDir
    Path dir;

    Process prometheus;

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Exports {@code ops} into dir/k8s and reads every base object back strictly, by kind. */
    Map<String, List<HasMetadata>> export(Path ops) throws IOException {
        Path out = dir.resolve("k8s");
        new KubernetesExport(OpsFiles.of(ops), "livefeed", "registry.test/live-connector@sha256:" + "a".repeat(64),
                "prometheus").write(out);
        Map<String, List<HasMetadata>> byKind = new LinkedHashMap<>();
        List<String> resources = new ArrayList<>();
        JsonNode kustomization = Manifests.WRITER.readTree(Files.readString(out.resolve("base/kustomization.yaml")));
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        try (Stream<Path> files = Files.list(out.resolve("base"))) {
            List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")).sorted().toList();
            assertEquals(onDisk, resources.stream().sorted().toList(), "kustomization.yaml lists every file of the base");
        }
        for (String resource : resources) {
            Path file = out.resolve("base").resolve(resource);
            String kind = Manifests.WRITER.readTree(Files.readString(file)).path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            assertTrue(type != null, () -> resource + " has an unexpected kind " + kind);
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(Manifests.read(file, type));
        }
        return byKind;
    }

    Map<String, List<HasMetadata>> exportProject() throws IOException {
        return export(Project.root().resolve("ops"));
    }

    @SuppressWarnings("unchecked")
    static <T> T one(Map<String, List<HasMetadata>> byKind, Class<T> type, String name) {
        return (T) byKind.values().stream().flatMap(List::stream)
                .filter(o -> type.isInstance(o) && o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in the export"));
    }

    @Test
    void the_strict_reader_rejects_a_misspelt_field_that_fabric8_would_otherwise_keep_silently() throws IOException {
        Path file = dir.resolve("rule.yaml");
        Files.writeString(file, "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: vector(1)\n    fore: 5m\n");
        InvalidInput e = assertThrows(InvalidInput.class, () -> Manifests.read(file, PrometheusRuleSpec.class));
        assertTrue(e.getMessage().contains("fore"), e::getMessage);
        assertTrue(e.getCause() instanceof UnrecognizedPropertyException, () -> String.valueOf(e.getCause()));
    }

    @Test
    void the_PrometheusRules_hold_exactly_the_groups_and_rules_of_ops_prometheus() throws IOException {
        Map<String, List<HasMetadata>> byKind = exportProject();
        for (String file : List.of("recording_rules.yml", "alerts.yml")) {
            List<RuleFile.Rule> expected = RuleFile.load(Project.root().resolve("ops/prometheus").resolve(file)).rules();
            PrometheusRule exported = one(byKind, PrometheusRule.class, RuleExport.nameOf(Path.of(file)));
            List<RuleFile.Rule> actual = new ArrayList<>();
            for (RuleGroup group : exported.getSpec().getGroups()) {
                for (Rule rule : group.getRules()) {
                    actual.add(new RuleFile.Rule(group.getName(), group.getInterval(), rule.getRecord(), rule.getAlert(),
                            rule.getExpr().getStrVal(), rule.getFor(), orEmpty(rule.getLabels()), orEmpty(rule.getAnnotations())));
                }
            }
            assertFalse(expected.isEmpty());
            assertEquals(expected, actual, file);
        }
        assertEquals(2, byKind.get("PrometheusRule").size(), "one PrometheusRule per rule file, nothing else");
    }

    static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    @Test
    void the_exported_groups_as_plain_rule_files_pass_promtest_check_and_the_alert_unit_tests_unchanged() throws IOException {
        assumeTrue(new ToolFinder().find(Tool.PROMTOOL).isPresent(), "promtool is not installed");
        Map<String, List<HasMetadata>> byKind = exportProject();
        Path ops = OpsCopy.of(dir.resolve("copy"));
        for (String file : List.of("recording_rules.yml", "alerts.yml")) {
            PrometheusRule exported = one(byKind, PrometheusRule.class, RuleExport.nameOf(Path.of(file)));
            Files.writeString(ops.resolve("prometheus").resolve(file), Manifests.yaml(exported.getSpec()));
        }
        OpsChecks checks = new OpsChecks(OpsFiles.of(ops), () -> EngineChoice.LOCAL.open(new ToolFinder()));
        CheckReport check = checks.check();
        assertTrue(check.passed(), () -> describe(check));
        CheckReport test = checks.test();
        assertTrue(test.passed(), () -> describe(test));
        assertTrue(Files.readString(ops.resolve("prometheus/tests/alerts_test.yml"))
                .equals(Files.readString(Project.root().resolve("ops/prometheus/tests/alerts_test.yml"))), "unit tests unchanged");
    }

    static String describe(CheckReport report) {
        java.io.StringWriter out = new java.io.StringWriter();
        report.print(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void the_ServiceMonitor_scrapes_the_metrics_port_as_prometheus_yml_does() throws IOException {
        Map<String, List<HasMetadata>> byKind = exportProject();
        ServiceMonitor monitor = one(byKind, ServiceMonitor.class, "live-connector");
        var endpoint = monitor.getSpec().getEndpoints().get(0);
        JsonNode global = Manifests.WRITER.readTree(Files.readString(Project.root().resolve("ops/prometheus/prometheus.yml"))).path("global");
        assertEquals("metrics", endpoint.getPort());
        assertEquals("/metrics", endpoint.getPath());
        assertEquals(global.path("scrape_interval").asText(), endpoint.getInterval());
        assertEquals(global.path("scrape_timeout").asText(), endpoint.getScrapeTimeout());
        Service service = one(byKind, Service.class, "live-connector");
        assertEquals("metrics", service.getSpec().getPorts().get(0).getName());
        assertEquals(monitor.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector(),
                "the monitor selects the Service, the Service the connector's pods");
        Deployment deployment = one(byKind, Deployment.class, "live-connector");
        assertTrue(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(service.getSpec().getSelector().entrySet()));
    }

    /**
     * A real Prometheus applies the scrape config the operator generates for this ServiceMonitor (job from the
     * Service name, as the operator does, then the monitor's relabelings) to a target labelled as the connector's
     * pod and Service would be: the series get job="live_connector", which every rule and alert selects.
     */
    @Test
    void the_ServiceMonitor_relabelling_gives_a_pods_series_job_live_connector_in_a_real_Prometheus() throws Exception {
        Optional<Path> binary = new ToolFinder().find(Tool.PROMETHEUS);
        assumeTrue(binary.isPresent(), "prometheus is not installed");
        ServiceMonitor monitor = one(exportProject(), ServiceMonitor.class, "live-connector");
        // What the operator puts first: the job is the Service's name.
        String operatorJob = "      - {source_labels: [__meta_kubernetes_service_name], target_label: job, action: replace}\n";
        StringBuilder monitorRelabelings = new StringBuilder();
        for (RelabelConfig r : monitor.getSpec().getEndpoints().get(0).getRelabelings()) {
            monitorRelabelings.append("      - ").append(new ObjectMapper().writeValueAsString(promRelabel(r))).append('\n');
        }
        int port = FreePorts.next();
        int nobody = FreePorts.next();
        String target = """
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                        labels:
                          __meta_kubernetes_service_name: live-connector
                          __meta_kubernetes_namespace: livefeed
                          __meta_kubernetes_pod_label_app_kubernetes_io_name: live-connector
                    relabel_configs:
                """.formatted(nobody);
        Path config = dir.resolve("prometheus.yml");
        // Two scrape pools on the same target: as the operator generates it, and without the monitor's relabelings.
        Files.writeString(config, "global: {scrape_interval: 1s}\nscrape_configs:\n"
                + "  - job_name: serviceMonitor/livefeed/live-connector/0\n" + target + operatorJob + monitorRelabelings
                + "  - job_name: without-the-monitors-relabelings\n" + target + operatorJob);
        prometheus = new ProcessBuilder(binary.get().toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = await("Prometheus lists both targets").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/targets")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                JsonNode active = new ObjectMapper().readTree(body).path("data").path("activeTargets");
                return active.size() == 2 ? active : null;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, Objects::nonNull);
        Map<String, String> jobByPool = new LinkedHashMap<>();
        targets.forEach(t -> jobByPool.put(t.path("scrapePool").asText(), t.path("labels").path("job").asText()));
        assertEquals("live_connector", jobByPool.get("serviceMonitor/livefeed/live-connector/0"), targets::toString);
        assertEquals("live-connector", jobByPool.get("without-the-monitors-relabelings"),
                "without the relabelling the job would be the Service's name: " + targets);
    }

    /** The operator's relabel config in Prometheus's spelling. */
    static Map<String, Object> promRelabel(RelabelConfig r) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (r.getSourceLabels() != null && !r.getSourceLabels().isEmpty()) {
            out.put("source_labels", r.getSourceLabels());
        }
        if (r.getSeparator() != null) {
            out.put("separator", r.getSeparator());
        }
        if (r.getRegex() != null) {
            out.put("regex", r.getRegex());
        }
        if (r.getTargetLabel() != null) {
            out.put("target_label", r.getTargetLabel());
        }
        if (r.getReplacement() != null) {
            out.put("replacement", r.getReplacement());
        }
        if (r.getAction() != null) {
            out.put("action", r.getAction());
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_AlertmanagerConfig_carries_the_routing_inhibitions_and_receivers_of_the_template() throws IOException {
        AlertmanagerConfig exported = one(exportProject(), AlertmanagerConfig.class, AlertRoutingExport.NAME);
        Map<String, Object> template = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Project.root().resolve("ops/alertmanager/alertmanager.yml.tmpl")));
        assertRoute((Map<String, Object>) template.get("route"), exported.getSpec().getRoute());

        List<Map<String, Object>> inhibits = (List<Map<String, Object>>) template.get("inhibit_rules");
        assertEquals(inhibits.size(), exported.getSpec().getInhibitRules().size());
        for (int i = 0; i < inhibits.size(); i++) {
            assertEquals(inhibits.get(i).get("source_matchers"), texts(exported.getSpec().getInhibitRules().get(i).getSourceMatch()));
            assertEquals(inhibits.get(i).get("target_matchers"), texts(exported.getSpec().getInhibitRules().get(i).getTargetMatch()));
        }

        List<Map<String, Object>> receivers = (List<Map<String, Object>>) template.get("receivers");
        assertEquals(receivers.size(), exported.getSpec().getReceivers().size());
        for (int i = 0; i < receivers.size(); i++) {
            Map<String, Object> expected = receivers.get(i);
            Receiver actual = exported.getSpec().getReceivers().get(i);
            assertEquals(expected.get("name"), actual.getName());
            List<Map<String, Object>> telegram = (List<Map<String, Object>>) expected.get("telegram_configs");
            assertEquals(telegram.size(), actual.getTelegramConfigs().size());
            for (int j = 0; j < telegram.size(); j++) {
                Map<String, Object> t = telegram.get(j);
                TelegramConfig c = actual.getTelegramConfigs().get(j);
                assertEquals(t.get("message"), c.getMessage());
                assertEquals(t.get("parse_mode"), c.getParseMode());
                assertEquals(t.get("send_resolved"), c.getSendResolved());
                assertEquals(t.get("disable_notifications"), c.getDisableNotifications());
                assertEquals(AlertRoutingExport.SECRET, c.getBotToken().getName(), "the token comes from the Secret");
                assertEquals("telegram_bot_token", c.getBotToken().getKey());
                assertEquals(0L, c.getChatID(), "the chat id is an overlay's, never the base's");
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void assertRoute(Map<String, Object> expected, Route actual) {
        assertEquals(expected.get("receiver"), actual.getReceiver());
        assertEquals(expected.get("group_by"), actual.getGroupBy() == null || actual.getGroupBy().isEmpty() ? null : actual.getGroupBy());
        assertEquals(expected.get("group_wait"), actual.getGroupWait());
        assertEquals(expected.get("group_interval"), actual.getGroupInterval());
        assertEquals(expected.get("repeat_interval"), actual.getRepeatInterval());
        assertEquals(expected.get("matchers"), actual.getMatchers() == null || actual.getMatchers().isEmpty() ? null : texts(actual.getMatchers()));
        List<Map<String, Object>> children = (List<Map<String, Object>>) expected.getOrDefault("routes", List.of());
        List<JsonNode> actualChildren = actual.getRoutes() == null ? List.of() : actual.getRoutes();
        assertEquals(children.size(), actualChildren.size());
        for (int i = 0; i < children.size(); i++) {
            // Child routes are untyped JSON in the model: read them strictly as routes too.
            assertRoute(children.get(i), Manifests.STRICT.convertValue(actualChildren.get(i), Route.class));
        }
    }

    static List<String> texts(List<Matcher> matchers) {
        return matchers.stream().map(m -> m.getName() + m.getMatchType() + "\"" + m.getValue() + "\"").toList();
    }

    @Test
    void the_dashboard_ConfigMap_is_the_ops_dashboard_for_the_sidecar_with_kube_prometheus_stacks_datasource_uid() throws IOException {
        ConfigMap dashboard = one(exportProject(), ConfigMap.class, DashboardExport.NAME);
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
        String ops = Files.readString(Project.root().resolve("ops/grafana/dashboards/livefeed.json"));
        assertTrue(ops.contains("\"uid\": \"livefeed-prometheus\""));
        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(ops.replace("\"uid\": \"livefeed-prometheus\"", "\"uid\": \"prometheus\""));
        String exported = dashboard.getData().get("livefeed.json");
        assertEquals(expected, json.readTree(exported));
        assertFalse(exported.contains("livefeed-prometheus"));
    }

    @Test
    void the_Deployment_probes_healthz_is_sized_drains_within_its_grace_and_reads_its_venues_from_the_ConfigMap() throws IOException {
        Map<String, List<HasMetadata>> byKind = exportProject();
        Deployment deployment = one(byKind, Deployment.class, "live-connector");
        var pod = deployment.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertEquals("registry.test/live-connector@sha256:" + "a".repeat(64), c.getImage());
        assertEquals("/healthz", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/healthz", c.getReadinessProbe().getHttpGet().getPath());
        assertTrue(c.getResources().getRequests().containsKey("memory") && c.getResources().getLimits().containsKey("memory"));
        assertTrue(pod.getTerminationGracePeriodSeconds() > 10, "longer than the connector's 10 s drain bound");
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(c.getArgs().containsAll(List.of("--bind", "0.0.0.0")), "listens beyond loopback, for probes and scrapes");
        String argFile = c.getArgs().stream().filter(a -> a.startsWith("@")).findFirst().orElseThrow().substring(1);
        String mount = c.getVolumeMounts().stream().filter(m -> argFile.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(argFile + " is on no mounted volume")).getName();
        String configMap = pod.getVolumes().stream().filter(v -> v.getName().equals(mount)).findFirst().orElseThrow()
                .getConfigMap().getName();
        ConfigMap venues = one(byKind, ConfigMap.class, configMap);
        assertTrue(venues.getData().get(Path.of(argFile).getFileName().toString()).contains("--venue sim"));
    }

    @Test
    void no_secret_value_appears_in_any_exported_file() throws IOException {
        Path ops = OpsCopy.of(dir.resolve("copy"));
        String token = "123456789:AAExportMustNeverCarryThis_0123456789";
        String chatId = "-1009876543210";
        Files.writeString(ops.resolve("alertmanager/secrets/telegram_bot_token"), token);
        Files.writeString(ops.resolve("alertmanager/secrets/telegram_chat_id"), chatId);
        export(ops);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("k8s"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() > 10, files::toString);
        for (Path file : files) {
            String text = Files.readString(file);
            assertFalse(text.contains(token) || text.contains("AAExportMustNeverCarryThis"), file + " holds the bot token");
            assertFalse(text.contains(chatId), file + " holds the chat id");
        }
    }

    @Test
    void a_new_rule_in_ops_is_carried_by_the_export() throws IOException {
        Path ops = OpsCopy.of(dir.resolve("copy"));
        Path alerts = ops.resolve("prometheus/alerts.yml");
        Files.writeString(alerts, Files.readString(alerts) + """

                  - name: livefeed-new
                    rules:
                      - alert: BrandNewAlert
                        expr: vector(0) > 1
                        for: 7m
                        labels: {severity: warning}
                        annotations: {summary: new}
                """);
        PrometheusRule exported = one(export(ops), PrometheusRule.class, "livefeed-alerts");
        RuleGroup group = exported.getSpec().getGroups().get(exported.getSpec().getGroups().size() - 1);
        assertEquals("livefeed-new", group.getName());
        assertEquals("BrandNewAlert", group.getRules().get(0).getAlert());
        assertEquals("7m", group.getRules().get(0).getFor());
    }

    @Test
    void a_renamed_receiver_in_ops_is_carried_by_the_export() throws IOException {
        Path ops = OpsCopy.of(dir.resolve("copy"));
        Path template = ops.resolve("alertmanager/alertmanager.yml.tmpl");
        Files.writeString(template, Files.readString(template).replace("telegram-critical", "pager-critical"));
        AlertmanagerConfig exported = one(export(ops), AlertmanagerConfig.class, AlertRoutingExport.NAME);
        assertEquals(List.of("pager-critical", "telegram-warning", "watchdog"),
                exported.getSpec().getReceivers().stream().map(Receiver::getName).toList());
        assertTrue(Manifests.yaml(exported.getSpec().getRoute()).contains("receiver: pager-critical"));
    }

    @Test
    void a_template_setting_the_export_cannot_carry_fails_it_naming_the_setting() {
        Path ops = OpsCopy.of(dir.resolve("copy"));
        OpsCopy.replace(ops.resolve("alertmanager/alertmanager.yml.tmpl"), "  group_by: [alertname, venue]",
                "  group_by: [alertname, venue]\n  active_time_intervals: [office-hours]");
        InvalidInput e = assertThrows(InvalidInput.class, () -> export(ops));
        assertTrue(e.getMessage().contains("active_time_intervals") && e.getMessage().contains("AlertRoutingExport"), e::getMessage);
        assertFalse(Files.exists(dir.resolve("k8s/base")), "nothing written on bad input");
    }

    @Test
    void a_rule_field_the_operator_does_not_know_fails_the_export() {
        Path ops = OpsCopy.of(dir.resolve("copy"));
        OpsCopy.replace(ops.resolve("prometheus/alerts.yml"), "        for: 30s", "        for: 30s\n        keep_firing: 5m");
        InvalidInput e = assertThrows(InvalidInput.class, () -> export(ops));
        assertTrue(e.getMessage().contains("keep_firing") && e.getMessage().contains("alerts.yml"), e::getMessage);
    }

    /** kubectl's kustomize builds the base and an overlay; the overlay fills in the chat id and drops its source. */
    @Test
    void kustomize_builds_the_base_and_an_overlay_with_the_chat_id_from_a_local_file() throws Exception {
        Optional<Path> kubectl = onPath("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl is not installed (kustomize build checked only where it is)");
        exportProject();
        Path overlay = dir.resolve("k8s/overlays/production");
        Files.writeString(overlay.resolve("secrets/telegram_bot_token"), "123:fake");
        Files.writeString(overlay.resolve("secrets/telegram_chat_id"), "-1001234567890");
        Project.Result base = Project.run(List.of(kubectl.get().toString(), "kustomize", dir.resolve("k8s/base").toString()), Map.of(), Duration.ofSeconds(60));
        assertEquals(0, base.exitCode(), base::output);
        Project.Result built = Project.run(List.of(kubectl.get().toString(), "kustomize", overlay.toString()), Map.of(), Duration.ofSeconds(60));
        assertEquals(0, built.exitCode(), built::output);
        List<JsonNode> objects = new ArrayList<>();
        for (String doc : built.stdout().split("(?m)^---$")) {
            objects.add(Manifests.WRITER.readTree(doc));
        }
        assertTrue(objects.stream().allMatch(o -> o.path("metadata").path("namespace").asText().equals("livefeed-production")));
        assertTrue(objects.stream().noneMatch(o -> o.path("metadata").path("name").asText().equals("livefeed-telegram-chat")),
                "the chat id's source is local-config, never applied");
        JsonNode am = objects.stream().filter(o -> o.path("kind").asText().equals("AlertmanagerConfig")).findFirst().orElseThrow();
        am.path("spec").path("receivers").forEach(r -> r.path("telegramConfigs").forEach(t ->
                assertEquals(-1001234567890L, t.path("chatID").asLong(), t::toString)));
        assertTrue(built.stdout().contains("release: kube-prometheus-stack"));
        assertTrue(built.stdout().contains("--venue binance="));
    }

    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** No timestamps, temp paths or hash-ordered maps in the output: a re-export of unchanged ops/ changes nothing. */
    @Test
    void the_same_ops_exports_to_the_same_bytes() throws IOException {
        Map<String, String> first = new java.util.TreeMap<>();
        Map<String, String> second = new java.util.TreeMap<>();
        for (Map<String, String> files : List.of(first, second)) {
            Path out = Files.createTempDirectory(dir, "export-");
            new KubernetesExport(OpsFiles.of(Project.root().resolve("ops")), "livefeed", "live-connector:1", "prometheus").write(out);
            try (Stream<Path> walk = Files.walk(out)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    files.put(out.relativize(f).toString(), Files.readString(f));
                }
            }
        }
        assertTrue(first.size() > 10);
        assertEquals(first, second);
    }

    @Test
    void the_program_exports_and_rejects_a_bad_namespace_with_exit_2() throws IOException {
        Project.Result ok = InProcess.run("observability", "export", "kubernetes", "--out", dir.resolve("out").toString());
        assertEquals(0, ok.exitCode(), ok::output);
        assertTrue(Files.isRegularFile(dir.resolve("out/base/kustomization.yaml")));
        assertTrue(ok.stdout().contains("not exported: global resolve_timeout"), ok::output);
        Project.Result bad = InProcess.run("observability", "export", "kubernetes", "--out", dir.resolve("bad").toString(),
                "--namespace", "Live_Feed");
        assertEquals(2, bad.exitCode(), bad::output);
        assertTrue(bad.stderr().contains("--namespace 'Live_Feed' is not a Kubernetes name"), bad::output);
        assertFalse(Files.exists(dir.resolve("bad")));
    }
}
