package livefeed.tools;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version a tool says it is ({@code prometheus, version 2.42.0 ...}, {@code Version 11.6.0 ...}). */
public final class ToolVersion {
    private static final Pattern VERSION = Pattern.compile("(?i)version\\s+v?(\\d+\\.\\d+\\.\\d+)");

    private ToolVersion() {}

    /** What {@code executable --version} reports, if it answers within 10 s in a form that names a version. */
    public static Optional<String> of(Path executable) {
        return of(executable, "--version");
    }

    /**
     * What {@code executable flag} reports. The output goes to a file, not a pipe: a program that does not know the
     * flag and keeps running is stopped after 10 s instead of blocking the read.
     */
    static Optional<String> of(Path executable, String flag) {
        Path output = null;
        try {
            output = Files.createTempFile("livefeed-version", ".txt");
            Process process = new ProcessBuilder(executable.toString(), flag).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            Matcher m = VERSION.matcher(Files.readString(output, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /**
     * One line when the tool at {@code path} is not the version the stack pins (the found tool is still used);
     * empty when it is, when its version cannot be told, or for a tool that is not provisioned (docker).
     */
    public static Optional<String> differsFromPinned(Tool tool, Path path) {
        if (tool.release() == null) {
            return Optional.empty();
        }
        String pinned = tool.release().version();
        // Grafana's server binaries know -v (grafana-server's own flag, and the grafana CLI's short form).
        return of(path, tool == Tool.GRAFANA ? "-v" : "--version").filter(found -> !found.equals(pinned)).map(found -> tool.displayName() + " " + found + " at "
                + path + " is used as found, not the pinned " + pinned + " (set " + tool.overrideVariable()
                + " to choose another)");
    }
}
