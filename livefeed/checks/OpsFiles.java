package livefeed.checks;

import java.nio.file.Files;
import java.nio.file.Path;
import livefeed.cli.ProjectRoot;
import livefeed.errors.InvalidInput;

/** Where the configuration that promtest checks lives: an {@code ops/} folder and the runbook beside it (docs/runbook.md). */
public record OpsFiles(Path ops, Path runbook) {

    /** The project's own ops/ folder, in the checkout {@link ProjectRoot} finds. */
    public static OpsFiles ofProject() {
        Path root = ProjectRoot.locate(System.getenv()).orElseThrow(() -> new InvalidInput("ops", name -> "no ops/prometheus"
                + " folder above " + Path.of("").toAbsolutePath() + ": run promtest from inside the project or pass " + name));
        return new OpsFiles(root.resolve("ops"), root.resolve("docs/runbook.md"));
    }

    /** An ops/ folder given by hand (a copy under test); the runbook is the one beside it, else the project's. */
    public static OpsFiles of(Path ops) {
        if (!Files.isDirectory(ops.resolve("prometheus"))) {
            throw new InvalidInput("ops", name -> ops + " has no prometheus/ folder: " + name + " must name an ops/ folder");
        }
        Path runbook = ops.toAbsolutePath().getParent().resolve("docs/runbook.md");
        return new OpsFiles(ops.toAbsolutePath(), Files.isRegularFile(runbook) ? runbook : ofProject().runbook());
    }

    /** launcher/pom.xml, whose version is the JBang the compose images must match (the project's for a copy). */
    public Path launcherPom() {
        Path own = ops.getParent().resolve("launcher/pom.xml");
        return Files.isRegularFile(own) ? own : ofProject().ops().getParent().resolve("launcher/pom.xml");
    }

    public Path prometheus() {
        return ops.resolve("prometheus");
    }

    public Path prometheusConfig() {
        return prometheus().resolve("prometheus.yml");
    }

    public Path recordingRules() {
        return prometheus().resolve("recording_rules.yml");
    }

    public Path alerts() {
        return prometheus().resolve("alerts.yml");
    }

    public Path alertTests() {
        return prometheus().resolve("tests/alerts_test.yml");
    }

    /** The metric families the connector exposes (see {@link ExpositionSnapshot}). */
    public Path expositionSnapshot() {
        return prometheus().resolve("connector_exposition.txt");
    }

    public Path composeTargets() {
        return ops.resolve("compose/targets");
    }

    public Path alertmanagerTemplate() {
        return ops.resolve("alertmanager/alertmanager.yml.tmpl");
    }

    public Path dashboard() {
        return ops.resolve("grafana/dashboards/livefeed.json");
    }

    public Path grafanaDatasources() {
        return ops.resolve("grafana/provisioning/datasources");
    }
}
