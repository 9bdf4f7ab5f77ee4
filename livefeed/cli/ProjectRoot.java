package livefeed.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The project checkout the programs run from (its ops/ files, its ./jbang, its default state folder), and the
 * launcher command in it that runs the programs. The one place that knows what a checkout looks like.
 */
public final class ProjectRoot {
    private ProjectRoot() {}

    /** The checkout (see {@link #locate}), or a usage error saying to run from inside one. */
    public static Path find(Map<String, String> env) {
        return locate(env).orElseThrow(() -> new UsageException("run this from inside the Live Feed Ops checkout (no "
                + "observability.java above " + Path.of("").toAbsolutePath() + ")"));
    }

    /**
     * LIVEFEED_PROJECT_ROOT when it names a checkout (set by launcher/Checkout.java, which runs the programs for JBang
     * users without a clone from the copy it keeps in the user cache); else the nearest folder at or above the working
     * directory that holds observability.java; else ./jbang's folder; else empty.
     */
    public static Optional<Path> locate(Map<String, String> env) {
        String given = env.get("LIVEFEED_PROJECT_ROOT");
        if (given != null && !given.isBlank() && isProject(Path.of(given).toAbsolutePath())) {
            return Optional.of(Path.of(given).toAbsolutePath());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isProject(dir)) {
                return Optional.of(dir);
            }
        }
        String launcher = env.get("JBANG_LAUNCH_CMD");   // set by ./jbang
        if (launcher != null && Path.of(launcher).toAbsolutePath().getParent() != null
                && isProject(Path.of(launcher).toAbsolutePath().getParent())) {
            return Optional.of(Path.of(launcher).toAbsolutePath().getParent());
        }
        return Optional.empty();
    }

    /** The checkout's launcher, which runs its programs: ./jbang, or jbang.cmd on Windows. */
    public static String launcher(Path root) {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return root.resolve(windows ? "jbang.cmd" : "jbang").toString();
    }

    private static boolean isProject(Path dir) {
        return Files.isRegularFile(dir.resolve("observability.java")) && Files.isDirectory(dir.resolve("livefeed"));
    }
}
