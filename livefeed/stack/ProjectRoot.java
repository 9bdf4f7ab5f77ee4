package livefeed.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import livefeed.cli.UsageException;

/** Finds the project checkout the stack runs from (its ops/ files, its ./jbang, its default state folder). */
public final class ProjectRoot {
    private ProjectRoot() {}

    /**
     * LIVEFEED_PROJECT_ROOT when it names a checkout (set by launcher/Checkout.java, which runs the programs for JBang
     * users without a clone from the copy it keeps in the user cache); else the nearest folder at or above the working
     * directory that holds observability.java; else ./jbang's folder.
     */
    public static Path find(Map<String, String> env) {
        String given = env.get("LIVEFEED_PROJECT_ROOT");
        if (given != null && !given.isBlank() && isProject(Path.of(given).toAbsolutePath())) {
            return Path.of(given).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isProject(dir)) {
                return dir;
            }
        }
        String launcher = env.get("JBANG_LAUNCH_CMD");   // set by ./jbang
        if (launcher != null && Path.of(launcher).toAbsolutePath().getParent() != null
                && isProject(Path.of(launcher).toAbsolutePath().getParent())) {
            return Path.of(launcher).toAbsolutePath().getParent();
        }
        throw new UsageException("run this from inside the Live Feed Ops checkout (no observability.java above "
                + Path.of("").toAbsolutePath() + ")");
    }

    private static boolean isProject(Path dir) {
        return Files.isRegularFile(dir.resolve("observability.java")) && Files.isDirectory(dir.resolve("livefeed"));
    }
}
