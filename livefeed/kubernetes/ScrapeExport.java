package livefeed.kubernetes;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.RelabelConfigBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitorBuilder;

/**
 * How Prometheus finds the connector on Kubernetes: a {@code Service} naming the pods' metrics port, and a
 * {@code ServiceMonitor} that scrapes it as {@code ops/prometheus/prometheus.yml} does (same interval and timeout).
 *
 * <p>The operator names a ServiceMonitor's job after the Service, and a Service name cannot hold an underscore; the
 * rules and alerts select {@code job="live_connector"}, so a relabelling sets the job back to that name.
 */
final class ScrapeExport {
    static final String SERVICE = "live-connector";
    static final String PORT_NAME = "metrics";
    static final String METRICS_PATH = "/metrics";

    private ScrapeExport() {}

    static Service service(Labels labels) {
        return new ServiceBuilder()
                .withNewMetadata().withName(SERVICE).withLabels(labels.common()).endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(labels.selector())
                    .addNewPort().withName(PORT_NAME).withPort(ConnectorDeployment.PORT)
                        .withTargetPort(new IntOrString(PORT_NAME)).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    static ServiceMonitor serviceMonitor(OpsSource ops, Labels labels) {
        return new ServiceMonitorBuilder()
                .withNewMetadata().withName(SERVICE).withLabels(labels.common()).endMetadata()
                .withNewSpec()
                    .withNewSelector().withMatchLabels(labels.selector()).endSelector()
                    .addNewEndpoint()
                        .withPort(PORT_NAME)
                        .withPath(METRICS_PATH)
                        .withInterval(ops.scrapeInterval())
                        .withScrapeTimeout(ops.scrapeTimeout())
                        .withRelabelings(new RelabelConfigBuilder()
                                .withAction("replace")
                                .withTargetLabel("job")
                                .withReplacement(OpsSource.JOB)
                                .build())
                    .endEndpoint()
                .endSpec()
                .build();
    }
}
