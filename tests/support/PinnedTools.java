package livefeed.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.tools.Tool;
import org.junit.jupiter.api.Assumptions;

/**
 * The Prometheus and Alertmanager that compose pins (ops/compose/docker-compose.yml), as {@code .ci/build-pinned.sh}
 * builds them from the Go module proxy: {@code $LIVEFEED_PINNED_DIR} (default
 * {@code ~/.cache/livefeed-ops-test/pinned}) holds {@code prometheus-<version>/{prometheus,promtool}} and
 * {@code alertmanager-<version>/{alertmanager,amtool}}, each folder whole or absent. Tests reach them through
 * {@link Toolset#PINNED}; {@link #builds()} is for whatever else needs the binaries (release-shaped archives).
 */
public final class PinnedTools {
    static final Path COMPOSE = Path.of("ops/compose/docker-compose.yml");
    public static final String BUILD_COMMAND = ".ci/build-pinned.sh";

    private PinnedTools() {}

    /** One pinned build: which program, its version, the folder holding its binaries, and which tools those are. */
    public record Build(String program, String version, Path dir, List<Tool> tools) {
        /** The binary of {@code tool} in this build (for Alertmanager: {@code alertmanager}, not Debian's name). */
        public Path binary(Tool tool) {
            if (!tools.contains(tool)) {
                throw new IllegalArgumentException(program + " " + version + " has no " + tool.displayName());
            }
            return dir.resolve(tool.displayName());
        }

        public boolean isBuilt() {
            return tools.stream().allMatch(t -> Files.isExecutable(binary(t)));
        }

        @Override
        public String toString() {
            return program + " " + version;
        }
    }

    /** Where the builds are: {@code $LIVEFEED_PINNED_DIR}, else {@code ~/.cache/livefeed-ops-test/pinned}. */
    public static Path cacheDir() {
        String override = System.getenv("LIVEFEED_PINNED_DIR");
        return override != null && !override.isBlank() ? Path.of(override)
                : Path.of(System.getProperty("user.home"), ".cache", "livefeed-ops-test", "pinned");
    }

    public static Build prometheus() {
        String version = composeVersion("prom/prometheus");
        return new Build("prometheus", version, cacheDir().resolve("prometheus-" + version),
                List.of(Tool.PROMETHEUS, Tool.PROMTOOL));
    }

    public static Build alertmanager() {
        String version = composeVersion("prom/alertmanager");
        return new Build("alertmanager", version, cacheDir().resolve("alertmanager-" + version),
                List.of(Tool.ALERTMANAGER, Tool.AMTOOL));
    }

    public static List<Build> builds() {
        return List.of(prometheus(), alertmanager());
    }

    /** Skips the calling test (a JUnit assumption, with the reason) unless every pinned build is there. */
    public static void assumeBuilt() {
        for (Build build : builds()) {
            Assumptions.assumeTrue(build.isBuilt(), () -> build + " is not built in " + build.dir() + "; run "
                    + BUILD_COMMAND + " (needs Go)");
        }
    }

    /** The version compose pins for an image, without the v: composeVersion("prom/prometheus") is "3.6.0". */
    static String composeVersion(String image) {
        String compose;
        try {
            compose = Files.readString(Project.root().resolve(COMPOSE));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Matcher m = Pattern.compile("(?m)^\\s*image:\\s*" + Pattern.quote(image) + ":v(\\d+\\.\\d+\\.\\d+)\\s*$").matcher(compose);
        if (!m.find()) {
            throw new IllegalStateException(COMPOSE + " pins no " + image + ":vX.Y.Z image");
        }
        return m.group(1);
    }
}
