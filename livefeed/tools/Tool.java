package livefeed.tools;

import java.util.List;

/**
 * The outside programs the stack uses, with the names they go by and how to install them. {@link ToolFinder} looks
 * them up; every program asks it rather than running a name itself.
 */
public enum Tool {
    PROMTOOL("promtool", List.of("promtool"), "LIVEFEED_PROMTOOL",
            "apt-get install prometheus", "brew install prometheus",
            "download the Prometheus .zip for Windows from its GitHub releases and add its folder to PATH"),
    PROMETHEUS("prometheus", List.of("prometheus"), "LIVEFEED_PROMETHEUS",
            "apt-get install prometheus", "brew install prometheus",
            "download the Prometheus .zip for Windows from its GitHub releases and add its folder to PATH"),
    /** Debian and Ubuntu name the binary prometheus-alertmanager. */
    ALERTMANAGER("alertmanager", List.of("alertmanager", "prometheus-alertmanager"), "LIVEFEED_ALERTMANAGER",
            "apt-get install prometheus-alertmanager", "brew install alertmanager",
            "download the Alertmanager .zip for Windows from its GitHub releases and add its folder to PATH"),
    AMTOOL("amtool", List.of("amtool"), "LIVEFEED_AMTOOL",
            "apt-get install prometheus-alertmanager", "brew install alertmanager",
            "amtool comes in the Alertmanager .zip for Windows; add its folder to PATH"),
    GRAFANA("grafana-server", List.of("grafana-server"), "LIVEFEED_GRAFANA",
            "install grafana from Grafana's APT repository (not in Debian's own), or use the compose backend",
            "brew install grafana", "winget install GrafanaLabs.Grafana.OSS"),
    DOCKER("docker", List.of("docker"), "LIVEFEED_DOCKER",
            "apt-get install docker.io docker-compose-plugin", "install Docker Desktop (brew install --cask docker)",
            "install Docker Desktop (winget install Docker.DockerDesktop)");

    private final String displayName;
    private final List<String> executableNames;
    private final String overrideVariable;
    private final String debianInstall;
    private final String macInstall;
    private final String windowsInstall;

    Tool(String displayName, List<String> executableNames, String overrideVariable,
            String debianInstall, String macInstall, String windowsInstall) {
        this.displayName = displayName;
        this.executableNames = executableNames;
        this.overrideVariable = overrideVariable;
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

    /** One line: what is missing and how to install it on each OS. */
    public String missingMessage() {
        return displayName + " is missing (looked for " + String.join(" or ", executableNames) + " on PATH and "
                + overrideVariable + "). Install it: Debian/Ubuntu: " + debianInstall + "; macOS: " + macInstall
                + "; Windows: " + windowsInstall + ".";
    }
}
