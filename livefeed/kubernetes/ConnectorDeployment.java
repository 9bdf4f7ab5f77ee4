package livefeed.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;

/**
 * The connector as a {@code Deployment}, its venues in a {@code ConfigMap}.
 *
 * <p>The venues reach the connector as a picocli argument file ({@code @/etc/livefeed/connector.args}: the
 * connector's own {@code --venue} options, one per line), so an overlay changes venues by replacing one ConfigMap key
 * and the connector needs no new configuration format.
 *
 * <p>Sizes: the connector's live heap is 6.5 MB at 100k trades/s (docs/performance.md), and the image's JVM
 * measured here at about {@value #MEASURED_RSS_MIB} MiB resident with the simulated venue; the request leaves room
 * for class metadata, code cache and thread stacks on top, the limit twice that for bursts (heap capped at half the
 * limit by {@code -XX:MaxRAMPercentage}). The grace period covers the connector's bounded drain on SIGTERM (intake
 * stops, the queue drains for at most 10 s, the sink is flushed) with room to spare.
 */
final class ConnectorDeployment {
    static final int PORT = 8000;
    static final String NAME = "live-connector";
    static final String VENUES = "live-connector-venues";
    static final String ARGS_KEY = "connector.args";
    static final String CONFIG_DIR = "/etc/livefeed";
    static final int MEASURED_RSS_MIB = 100;
    static final String MEMORY_REQUEST = "192Mi";
    static final String MEMORY_LIMIT = "384Mi";
    static final String CPU_REQUEST = "500m";
    static final String CPU_LIMIT = "2";
    static final long GRACE_SECONDS = 30;
    /** Distroless's "nonroot": the image's user (see livefeed.image.ConnectorImage). */
    static final long USER = 65532;

    private ConnectorDeployment() {}

    /** The embedded simulated venue: a base that runs anywhere; overlays name real venues. */
    static ConfigMap venues(Labels labels, List<String> venueArgs) {
        StringBuilder args = new StringBuilder("# The connector's venues: picocli reads this file as arguments, one line per venue.\n");
        for (String venue : venueArgs) {
            args.append("--venue ").append(venue).append('\n');
        }
        return new ConfigMapBuilder()
                .withNewMetadata().withName(VENUES).withLabels(labels.common()).endMetadata()
                .withData(Map.of(ARGS_KEY, args.toString()))
                .build();
    }

    static Deployment deployment(Labels labels, String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(NAME).withLabels(labels.common()).endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector().withMatchLabels(labels.selector()).endSelector()
                    // The new pod is up before the old one stops: no gap in bars during a rollout.
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels.common()).endMetadata()
                        .withNewSpec()
                            .withTerminationGracePeriodSeconds(GRACE_SECONDS)
                            .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(USER).withRunAsGroup(USER)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                            .addNewContainer()
                                .withName("connector")
                                .withImage(image)
                                // Listen on the pod's address (the default is loopback), on the Service's port.
                                .withArgs("--bind", "0.0.0.0", "--port", String.valueOf(PORT), "@" + CONFIG_DIR + "/" + ARGS_KEY)
                                .addNewEnv().withName("JAVA_TOOL_OPTIONS")
                                    .withValue("-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData").endEnv()
                                .addNewPort().withName(ScrapeExport.PORT_NAME).withContainerPort(PORT).withProtocol("TCP").endPort()
                                // /healthz is 503 while a venue is stale; the connector reconnects by itself, so a
                                // restart comes only after a minute of it (6 x 10 s), readiness after 10 s.
                                .withNewLivenessProbe()
                                    .withNewHttpGet().withPath("/healthz").withPort(new IntOrString(ScrapeExport.PORT_NAME)).endHttpGet()
                                    .withInitialDelaySeconds(10).withPeriodSeconds(10).withTimeoutSeconds(2).withFailureThreshold(6)
                                .endLivenessProbe()
                                .withNewReadinessProbe()
                                    .withNewHttpGet().withPath("/healthz").withPort(new IntOrString(ScrapeExport.PORT_NAME)).endHttpGet()
                                    .withInitialDelaySeconds(2).withPeriodSeconds(5).withTimeoutSeconds(2).withFailureThreshold(2)
                                .endReadinessProbe()
                                .withNewResources()
                                    .withRequests(cpuAndMemory(CPU_REQUEST, MEMORY_REQUEST))
                                    .withLimits(cpuAndMemory(CPU_LIMIT, MEMORY_LIMIT))
                                .endResources()
                                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                                    .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                                .addNewVolumeMount().withName("venues").withMountPath(CONFIG_DIR).withReadOnly(true).endVolumeMount()
                                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                            .endContainer()
                            .addNewVolume().withName("venues").withNewConfigMap().withName(VENUES).endConfigMap().endVolume()
                            .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Map<String, Quantity> cpuAndMemory(String cpu, String memory) {
        Map<String, Quantity> out = new java.util.LinkedHashMap<>();
        out.put("cpu", new Quantity(cpu));
        out.put("memory", new Quantity(memory));
        return out;
    }
}
