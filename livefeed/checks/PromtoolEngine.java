package livefeed.checks;

import java.nio.file.Path;
import java.util.List;

/**
 * Where promtool (and amtool) run: the binaries on this machine, or the pinned images through a Docker engine.
 * Every run gets a folder of files as its working directory, and arguments relative to it.
 */
public interface PromtoolEngine {
    /** The Prometheus version the compose stack and CI pin; the rules are written to pass on it too. */
    String PINNED_PROMETHEUS = "3.6.0";

    /** One line: which engine and where, e.g. "promtool 2.42.0 at /usr/bin/promtool". */
    String description();

    /** promtool's version, e.g. "2.42.0". */
    String promtoolVersion();

    ToolRun promtool(Path workDir, List<String> args);

    ToolRun amtool(Path workDir, List<String> args);

    default boolean isPinnedVersion() {
        return promtoolVersion().equals(PINNED_PROMETHEUS);
    }
}
