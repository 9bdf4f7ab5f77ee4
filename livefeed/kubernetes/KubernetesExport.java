package livefeed.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import livefeed.errors.InvalidInput;
import livefeed.files.FileTrees;
import livefeed.checks.OpsFiles;

/**
 * {@code export kubernetes}: a kustomize base generated from {@code ops/} (rules, scrape, alert routing, dashboard,
 * connector) and an example overlay per environment.
 *
 * <p>The base is the export's own and is replaced whole on every run (never edit it: edit {@code ops/} and export
 * again). Overlays belong to the team that deploys: written once, kept when they exist.
 */
public final class KubernetesExport {
    public static final String DEFAULT_NAMESPACE = "livefeed";
    public static final String DEFAULT_IMAGE = "live-connector:latest";
    /** kube-prometheus-stack's Helm release label, which its Prometheus selects rules and monitors by (by default). */
    static final String RELEASE_LABEL = "release";

    /** An example environment: its namespace and the connector's venues there. */
    record Environment(String name, List<String> venues) {}

    static final List<Environment> ENVIRONMENTS = List.of(
            new Environment("staging", List.of("sim")),
            new Environment("production", List.of("binance=BTCUSDT,ETHUSDT", "coinbase=BTC-USD,ETH-USD")));

    private final OpsSource ops;
    private final String namespace;
    private final String image;
    private final String datasourceUid;
    private final List<String> notes = new ArrayList<>();

    public KubernetesExport(OpsFiles files, String namespace, String image, String datasourceUid) {
        this.ops = new OpsSource(files);
        this.namespace = checkName("namespace", namespace);
        this.image = image;
        this.datasourceUid = datasourceUid;
        if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidInput("image", "'" + image + "' is not an image reference (e.g. registry.example/live-connector@sha256:...)");
        }
    }

    /** The base's objects, in the order kustomize lists them. */
    public List<HasMetadata> objects() {
        Labels labels = Labels.CONNECTOR;
        List<HasMetadata> objects = new ArrayList<>();
        objects.addAll(RuleExport.rules(ops, labels));
        objects.add(ScrapeExport.service(labels));
        objects.add(ScrapeExport.serviceMonitor(ops, labels));
        AlertRoutingExport routing = AlertRoutingExport.of(ops);
        objects.add(routing.config(labels));
        notes.addAll(routing.notCarried());
        objects.add(DashboardExport.configMap(ops, labels, datasourceUid));
        objects.add(ConnectorDeployment.venues(labels, ENVIRONMENTS.get(0).venues()));
        objects.add(ConnectorDeployment.deployment(labels, image));
        return objects;
    }

    /** What the export left out on purpose, one line each (printed by the command). */
    public List<String> notes() {
        return notes;
    }

    /**
     * Writes {@code out/base} (replaced whole) and {@code out/overlays/ENV} (only where missing). Everything is
     * rendered before anything is written, so bad input leaves {@code out} as it was.
     *
     * @return the files written, relative to {@code out}
     */
    public List<String> write(Path out) {
        Map<String, String> base = new LinkedHashMap<>();
        List<String> resources = new ArrayList<>();
        for (HasMetadata object : objects()) {
            String file = fileName(object);
            base.put(file, header() + Manifests.yaml(object));
            resources.add(file);
        }
        Map<String, Object> kustomization = kustomization();
        kustomization.put("namespace", namespace);
        kustomization.put("resources", resources);
        base.put("kustomization.yaml", header() + Manifests.yaml(kustomization));

        List<String> written = new ArrayList<>();
        try {
            Files.createDirectories(out);
            replaceFolder(out.resolve("base"), base);
            base.keySet().forEach(f -> written.add("base/" + f));
            for (Environment env : ENVIRONMENTS) {
                Path dir = out.resolve("overlays").resolve(env.name());
                if (Files.exists(dir)) {
                    continue;
                }
                Map<String, String> overlay = overlay(env);
                Files.createDirectories(dir.resolve("secrets"));
                for (Map.Entry<String, String> file : overlay.entrySet()) {
                    Files.writeString(dir.resolve(file.getKey()), file.getValue());
                    written.add("overlays/" + env.name() + "/" + file.getKey());
                }
            }
        } catch (FileSystemException e) {
            throw new InvalidInput("out", name -> "cannot write to " + out + " (" + e.getClass().getSimpleName()
                    + " on " + e.getFile() + "): choose a writable " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    private Map<String, String> overlay(Environment env) {
        Map<String, Object> k = kustomization();
        k.put("namespace", namespace + "-" + env.name());
        k.put("resources", List.of("../../base"));
        // The label kube-prometheus-stack's Prometheus selects by, on every object but not in selectors.
        k.put("labels", List.of(ordered("pairs", ordered(RELEASE_LABEL, "kube-prometheus-stack"), "includeSelectors", false)));
        k.put("patches", List.of(ordered("path", "venues.yaml")));
        k.put("secretGenerator", List.of(ordered(
                "name", AlertRoutingExport.SECRET,
                "files", List.of(AlertRoutingExport.TOKEN_KEY + "=secrets/" + AlertRoutingExport.TOKEN_KEY),
                "options", ordered("disableNameSuffixHash", true))));
        String chatKey = livefeed.alertmanager.AlertmanagerConfig.CHAT_ID_FILE;
        // The chat id: read from a local file at build time into the AlertmanagerConfig, then dropped (local-config).
        k.put("configMapGenerator", List.of(ordered(
                "name", "livefeed-telegram-chat",
                "files", List.of(chatKey + "=secrets/" + chatKey),
                "options", ordered("disableNameSuffixHash", true,
                        "annotations", ordered("config.kubernetes.io/local-config", "true")))));
        k.put("replacements", List.of(ordered(
                "source", ordered("kind", "ConfigMap", "name", "livefeed-telegram-chat", "fieldPath", "data." + chatKey),
                "targets", List.of(ordered(
                        "select", ordered("kind", "AlertmanagerConfig", "name", AlertRoutingExport.NAME),
                        "fieldPaths", List.of("spec.receivers.*.telegramConfigs.*.chatID"))))));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("kustomization.yaml", "# An example overlay written once by 'observability.java export kubernetes': yours to edit.\n"
                + "# Put the bot token in secrets/" + AlertRoutingExport.TOKEN_KEY + " and the chat id in secrets/" + chatKey
                + " (no trailing newline: printf '%s' ID > ...),\n# then: kubectl apply -k .\n" + Manifests.yaml(k));
        files.put("venues.yaml", "# This environment's venues (the connector's --venue options).\n"
                + Manifests.yaml(new ConfigMapBuilder(ConnectorDeployment.venues(Labels.CONNECTOR, env.venues()))
                        .editMetadata().withLabels(null).endMetadata().build()));
        files.put("secrets/.gitignore", "# The Telegram secrets: never in git.\n*\n!.gitignore\n");
        return files;
    }

    /** A map that keeps the order given, so the same export writes the same bytes. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> kustomization() {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
        k.put("kind", "Kustomization");
        return k;
    }

    private static String header() {
        return "# Generated from ops/ by 'observability.java export kubernetes': do not edit, edit ops/ and export again.\n";
    }

    static String fileName(HasMetadata object) {
        return object.getKind().toLowerCase(Locale.ROOT) + "-" + object.getMetadata().getName() + ".yaml";
    }

    /** Writes {@code files} into a new folder beside {@code dir}, then swaps it in for {@code dir}. */
    private static void replaceFolder(Path dir, Map<String, String> files) throws IOException {
        Path staging = Files.createTempDirectory(dir.toAbsolutePath().getParent(), ".base-");
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(staging.resolve(file.getKey()), file.getValue());
            }
            FileTrees.delete(dir);
            Files.move(staging, dir);
        } finally {
            FileTrees.delete(staging);
        }
    }

    /** A Kubernetes name (RFC 1123 label): lower case letters, digits and '-'. */
    private static String checkName(String setting, String name) {
        if (!name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new InvalidInput(setting, "'" + name + "' is not a Kubernetes name: use lower case letters,"
                    + " digits and '-', e.g. livefeed");
        }
        return name;
    }
}
