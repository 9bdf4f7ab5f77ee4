package livefeed.tools;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The official release archives the stack's tools come in, at the versions ops/compose/docker-compose.yml pins
 * (a test keeps the two in agreement): where each project publishes them, under which names, and with which
 * checksum file. A mirror ({@code LIVEFEED_DOWNLOAD_BASE}) replaces only the host, so a plain copy of the official
 * files is a working mirror.
 */
public enum ToolRelease {
    /** github.com/prometheus/prometheus/releases: {@code prometheus-3.6.0.linux-amd64.tar.gz}, {@code sha256sums.txt}. */
    PROMETHEUS("prometheus", "3.6.0", "prom/prometheus:v3.6.0", "https://github.com",
            List.of("linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64", "windows-arm64")),
    /** github.com/prometheus/alertmanager/releases, the same shape as Prometheus's. */
    ALERTMANAGER("alertmanager", "0.28.1", "prom/alertmanager:v0.28.1", "https://github.com",
            List.of("linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64", "windows-arm64")),
    /**
     * Grafana OSS from Grafana's own download host: {@code grafana-11.6.0.linux-amd64.tar.gz} beside its
     * {@code .sha256}; the archive holds {@code grafana-v11.6.0/bin/grafana}. No Windows arm64 build is published.
     */
    GRAFANA("grafana", "11.6.0", "grafana/grafana:11.6.0", "https://dl.grafana.com",
            List.of("linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"));

    private static final Pattern SHA256 = Pattern.compile("\\b([0-9a-fA-F]{64})\\b");

    private final String projectName;
    private final String version;
    private final String composeImage;
    private final String officialHost;
    private final List<String> platforms;

    ToolRelease(String projectName, String version, String composeImage, String officialHost, List<String> platforms) {
        this.projectName = projectName;
        this.version = version;
        this.composeImage = composeImage;
        this.officialHost = officialHost;
        this.platforms = platforms;
    }

    public String projectName() {
        return projectName;
    }

    public String version() {
        return version;
    }

    /** The image ops/compose/docker-compose.yml runs: the same version, so native and compose stacks agree. */
    public String composeImage() {
        return composeImage;
    }

    /** {@code prometheus-3.6.0}: the cache folder's name. */
    public String folderName() {
        return projectName + "-" + version;
    }

    /** By the name a user types: prometheus, alertmanager, grafana, or one of their tools (promtool, amtool). */
    public static Optional<ToolRelease> parse(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ToolRelease release : values()) {
            if (release.projectName.equals(lower)) {
                return Optional.of(release);
            }
        }
        for (Tool tool : Tool.values()) {
            if (tool.displayName().equals(lower) && tool.release() != null) {
                return Optional.of(tool.release());
            }
        }
        return Optional.empty();
    }

    public boolean supports(Platform platform) {
        return platforms.contains(platform.toString());
    }

    /** The platforms this project publishes archives for, as a sentence fragment. */
    public String supportedPlatforms() {
        return String.join(", ", platforms);
    }

    /** {@code prometheus-3.6.0.linux-amd64.tar.gz}. */
    public String assetName(Platform platform) {
        return folderName() + "." + platform + "." + platform.archiveExtension();
    }

    /** The archive's URL under {@code base} (the official host, or a mirror that keeps its paths). */
    public URI archiveUri(String base, Platform platform) {
        return URI.create(releaseFolder(base) + assetName(platform));
    }

    /** Prometheus and Alertmanager: the release's sha256sums.txt; Grafana: the archive's own .sha256. */
    public URI checksumUri(String base, Platform platform) {
        return this == GRAFANA ? URI.create(releaseFolder(base) + assetName(platform) + ".sha256")
                : URI.create(releaseFolder(base) + "sha256sums.txt");
    }

    /** {@code https://github.com} or {@code https://dl.grafana.com}, unless a mirror replaces it. */
    public String officialHost() {
        return officialHost;
    }

    private String releaseFolder(String base) {
        String host = base == null || base.isBlank() ? officialHost : base.replaceAll("/+$", "");
        return this == GRAFANA ? host + "/oss/release/"
                : host + "/prometheus/" + projectName + "/releases/download/v" + version + "/";
    }

    /**
     * The SHA-256 the checksum file gives for {@code asset}: the line that names it in a list (sha256sum's
     * {@code HASH  NAME}), or the one hash of a single-archive .sha256 file.
     */
    public Optional<String> expectedSha256(String checksumFile, String asset) {
        for (String line : checksumFile.split("\\R")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 2 && parts[parts.length - 1].replaceFirst("^\\*", "").equals(asset)
                    && SHA256.matcher(parts[0]).matches()) {
                return Optional.of(parts[0].toLowerCase(Locale.ROOT));
            }
        }
        if (this == GRAFANA) {
            Matcher only = SHA256.matcher(checksumFile.trim());
            if (only.lookingAt() && checksumFile.trim().split("\\s+").length == 1) {
                return Optional.of(only.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }
}
