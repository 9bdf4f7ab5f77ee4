package livefeed.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;
import org.junit.jupiter.api.Assumptions;

/**
 * Which Prometheus and Alertmanager a test runs: {@link #PINNED}, the versions compose pins (built by
 * {@code .ci/build-pinned.sh}, see {@link PinnedTools}), or {@link #INSTALLED}, the ones on this machine's PATH
 * (Debian's 2.42 / 0.25 here). A toolset hands the code under test a {@link ToolFinder} (in-process) or an
 * environment (for a program run as a subprocess) through the LIVEFEED_* override variables ToolFinder honours;
 * {@link #toString()} names both versions so that test names show which ran.
 */
public enum Toolset {
    PINNED, INSTALLED;

    private static final Tool[] OVERRIDDEN = {Tool.PROMTOOL, Tool.PROMETHEUS, Tool.ALERTMANAGER, Tool.AMTOOL};
    private static final Pattern VERSION = Pattern.compile("version (\\d+\\.\\d+\\.\\d+)");
    private static final Map<Path, String> VERSIONS = new ConcurrentHashMap<>();

    /** Skips the calling test (JUnit assumption, with the reason) when this toolset is not on the machine. */
    public Toolset assumeAvailable() {
        if (this == PINNED) {
            PinnedTools.assumeBuilt();
        } else {
            ToolFinder finder = finder();
            for (Tool tool : OVERRIDDEN) {
                Assumptions.assumeTrue(finder.find(tool).isPresent(), tool::missingMessage);
            }
        }
        return this;
    }

    /**
     * The variables a subprocess needs to run this toolset: the LIVEFEED_* overrides for the pinned one; for the
     * installed one, the overrides removed (a null value removes a variable in {@link Project#run}).
     */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        for (Tool tool : OVERRIDDEN) {
            env.put(tool.overrideVariable(), this == PINNED ? pinnedBinary(tool).toString() : null);
        }
        return env;
    }

    /** A finder that gives this toolset's binaries (and this process's PATH for everything else). */
    public ToolFinder finder() {
        return finder(Map.of());
    }

    /** The same, with more variables, e.g. LIVEFEED_GRAFANA to point Grafana elsewhere. */
    public ToolFinder finder(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(env());
        env.putAll(more);
        env.values().removeIf(v -> v == null);
        return new ToolFinder(env);
    }

    public String prometheusVersion() {
        return version(Tool.PROMETHEUS);
    }

    public String alertmanagerVersion() {
        return version(Tool.ALERTMANAGER);
    }

    /** E.g. "Prometheus 3.6.0, Alertmanager 0.28.1 (pinned)". */
    @Override
    public String toString() {
        return "Prometheus " + prometheusVersion() + ", Alertmanager " + alertmanagerVersion()
                + (this == PINNED ? " (pinned)" : " (installed)");
    }

    /**
     * For the pinned toolset the version compose pins (what the tests expect to run: PinnedToolsTest checks that the
     * builds say it); for the installed one what {@code tool --version} says, e.g. "2.42.0".
     */
    private String version(Tool tool) {
        if (this == PINNED) {
            return build(tool).version();
        }
        Optional<Path> binary = finder().find(tool);
        return binary.map(b -> VERSIONS.computeIfAbsent(b, Toolset::askVersion)).orElse("missing");
    }

    private static String askVersion(Path binary) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            Matcher m = VERSION.matcher(output);
            return m.find() ? m.group(1) : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static PinnedTools.Build build(Tool tool) {
        return tool == Tool.PROMETHEUS || tool == Tool.PROMTOOL ? PinnedTools.prometheus() : PinnedTools.alertmanager();
    }

    private static Path pinnedBinary(Tool tool) {
        return build(tool).binary(tool);
    }
}
