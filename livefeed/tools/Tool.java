package livefeed.tools;

import java.nio.file.Path;
import java.util.List;

/**
 * The outside programs the stack uses, with the names they go by and how to install them. {@link ToolFinder} looks
 * them up; every program asks it rather than running a name itself.
 */
public enum Tool {
    PROMTOOL("promtool", List.of("promtool"), "LIVEFEED_PROMTOOL", ToolRelease.PROMETHEUS, "promtool",
            "apt-get install prometheus", "brew install prometheus",
            "download the Prometheus .zip for Windows from its GitHub releases and add its folder to PATH"),
    PROMETHEUS("prometheus", List.of("prometheus"), "LIVEFEED_PROMETHEUS", ToolRelease.PROMETHEUS, "prometheus",
            "apt-get install prometheus", "brew install prometheus",
            "download the Prometheus .zip for Windows from its GitHub releases and add its folder to PATH"),
    /** Debian and Ubuntu name the binary prometheus-alertmanager. */
    ALERTMANAGER("alertmanager", List.of("alertmanager", "prometheus-alertmanager"), "LIVEFEED_ALERTMANAGER",
            ToolRelease.ALERTMANAGER, "alertmanager",
            "apt-get install prometheus-alertmanager", "brew install alertmanager",
            "download the Alertmanager .zip for Windows from its GitHub releases and add its folder to PATH"),
    AMTOOL("amtool", List.of("amtool"), "LIVEFEED_AMTOOL", ToolRelease.ALERTMANAGER, "amtool",
            "apt-get install prometheus-alertmanager", "brew install alertmanager",
            "amtool comes in the Alertmanager .zip for Windows; add its folder to PATH"),
    /** The release archive's bin/grafana runs the server as {@code grafana server}; packages install grafana-server. */
    GRAFANA("grafana-server", List.of("grafana-server"), "LIVEFEED_GRAFANA", ToolRelease.GRAFANA, "bin/grafana",
            "install grafana from Grafana's APT repository (not in Debian's own), or use the compose backend",
            "brew install grafana", "winget install GrafanaLabs.Grafana.OSS"),
    DOCKER("docker", List.of("docker"), "LIVEFEED_DOCKER", null, null,
            "apt-get install docker.io docker-compose-plugin", "install Docker Desktop (brew install --cask docker)",
            "install Docker Desktop (winget install Docker.DockerDesktop)");

    private final String displayName;
    private final List<String> executableNames;
    private final String overrideVariable;
    private final ToolRelease release;
    private final String pathInRelease;
    private final String debianInstall;
    private final String macInstall;
    private final String windowsInstall;

    Tool(String displayName, List<String> executableNames, String overrideVariable, ToolRelease release,
            String pathInRelease, String debianInstall, String macInstall, String windowsInstall) {
        this.displayName = displayName;
        this.executableNames = executableNames;
        this.overrideVariable = overrideVariable;
        this.release = release;
        this.pathInRelease = pathInRelease;
        this.debianInstall = debianInstall;
        this.macInstall = macInstall;
        this.windowsInstall = windowsInstall;
    }

    public String displayName() {
        return displayName;
    }

    /** The names to look for on PATH, in order. */
    public List<String> executableNames() {
        return executableNames;
    }

    /** An environment variable that, when set, names the executable to use instead of searching PATH. */
    public String overrideVariable() {
        return overrideVariable;
    }

    /** The release archive this tool comes in (null: none is provisioned, as for docker). */
    public ToolRelease release() {
        return release;
    }

    /** Where the tool is inside its unpacked release ({@code prometheus-3.6.0/promtool}, {@code grafana-11.6.0/bin/grafana}). */
    public Path pathIn(Path installFolder, Platform platform) {
        return installFolder.resolve(platform.executable(pathInRelease));
    }

    /** One line: what is missing and how to install it on each OS. */
    public String missingMessage() {
        return displayName + " is missing (looked for " + String.join(" or ", executableNames) + " on PATH and "
                + overrideVariable + "). Install it: Debian/Ubuntu: " + debianInstall + "; macOS: " + macInstall
                + "; Windows: " + windowsInstall + (release != null
                        ? "; or fetch the pinned " + release.folderName() + ": observability.java tools --install " + release.projectName()
                        : "") + ".";
    }
}
