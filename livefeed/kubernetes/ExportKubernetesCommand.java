//DEPS info.picocli:picocli:4.7.7
package livefeed.kubernetes;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import livefeed.checks.OpsFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export kubernetes}: see {@link KubernetesExport}. */
@Command(name = "kubernetes", mixinStandardHelpOptions = true,
        description = {"Writes a kustomize base generated from ops/ (PrometheusRule, ServiceMonitor and Service,"
                + " AlertmanagerConfig, dashboard ConfigMap, connector Deployment and venues) and an example overlay per"
                + " environment, for a cluster with the Prometheus Operator (kube-prometheus-stack).",
                "The base is replaced on every run; overlays are written only where missing. Exit 2 on bad input."})
public class ExportKubernetesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "k8s", description = "Where to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = KubernetesExport.DEFAULT_NAMESPACE,
            description = "The base's namespace; overlays use NS-ENV (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--image", paramLabel = "REF", defaultValue = KubernetesExport.DEFAULT_IMAGE,
            description = "The connector image, e.g. the reference 'image --push' printed (default: ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--datasource-uid", paramLabel = "UID", defaultValue = "prometheus",
            description = "The Grafana datasource uid the dashboard uses in the cluster (default: ${DEFAULT-VALUE},"
                    + " kube-prometheus-stack's).")
    String datasourceUid;

    @Option(names = "--ops", paramLabel = "DIR", description = "The ops/ folder to export (default: the project's).")
    Path ops;

    @Override
    public Integer call() {
        KubernetesExport export = new KubernetesExport(ops != null ? OpsFiles.of(ops) : OpsFiles.ofProject(),
                namespace, image, datasourceUid);
        List<String> written = export.write(out);
        var stdout = spec.commandLine().getOut();
        written.forEach(f -> stdout.println("wrote " + out.resolve(f)));
        export.notes().forEach(n -> stdout.println("not exported: " + n));
        stdout.println("apply with: kubectl apply -k " + out.resolve("overlays/staging")
                + " (after putting the Telegram secrets in its secrets/ folder)");
        stdout.flush();
        return 0;
    }
}
