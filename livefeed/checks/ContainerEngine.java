//DEPS org.testcontainers:testcontainers:2.0.5
//DEPS org.slf4j:slf4j-nop:2.0.17
package livefeed.checks;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * promtool and amtool from the pinned images, through Testcontainers: each run is a one-shot container with the
 * working folder copied to /work. Used where promtool is not installed but a Docker engine answers.
 */
final class ContainerEngine implements PromtoolEngine {
    static final String PROMETHEUS_IMAGE = "prom/prometheus:v" + PINNED_PROMETHEUS;
    /** The Alertmanager image the compose stack pins (ops/compose/docker-compose.yml). */
    static final String ALERTMANAGER_IMAGE = "prom/alertmanager:v0.28.1";
    private static final Pattern VERSION = Pattern.compile("version (\\d+\\.\\d+\\.\\d+)");

    private String version;

    @Override
    public String description() {
        return "promtool " + promtoolVersion() + " in " + PROMETHEUS_IMAGE + " (Docker)";
    }

    @Override
    public synchronized String promtoolVersion() {
        if (version == null) {
            Matcher m = VERSION.matcher(run(PROMETHEUS_IMAGE, "/bin/promtool", null, List.of("--version")).output());
            version = m.find() ? m.group(1) : "unknown";
        }
        return version;
    }

    @Override
    public ToolRun promtool(Path workDir, List<String> args) {
        return run(PROMETHEUS_IMAGE, "/bin/promtool", workDir, args);
    }

    @Override
    public ToolRun amtool(Path workDir, List<String> args) {
        return run(ALERTMANAGER_IMAGE, "/bin/amtool", workDir, args);
    }

    private static ToolRun run(String image, String entrypoint, Path workDir, List<String> args) {
        try (GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))) {
            container.withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint(entrypoint))
                    .withCommand(args.toArray(String[]::new))
                    .withWorkingDirectory("/work")
                    .withStartupCheckStrategy(new UntilExited().withTimeout(Duration.ofMinutes(2)));
            if (workDir != null) {
                container.withCopyFileToContainer(MountableFile.forHostPath(workDir), "/work");
            }
            container.start();
            InspectContainerResponse info = container.getDockerClient()
                    .inspectContainerCmd(container.getContainerId()).exec();
            Long exit = info.getState().getExitCodeLong();
            return new ToolRun(exit == null ? 1 : exit.intValue(), container.getLogs());
        }
    }

    /** Started once the process has exited, whatever its exit code (a failed check is an answer, not an error). */
    private static final class UntilExited extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient client, String containerId) {
            InspectContainerResponse.ContainerState state = getCurrentState(client, containerId);
            return Boolean.TRUE.equals(state.getRunning()) ? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
        }
    }
}
