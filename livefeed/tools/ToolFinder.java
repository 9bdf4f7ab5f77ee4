package livefeed.tools;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the outside programs of {@link Tool}: first an override variable (LIVEFEED_PROMTOOL=...), then PATH, then the
 * folders where packages put them that are often missing from a user's PATH (/usr/sbin for Debian's grafana-server,
 * Homebrew's prefixes on macOS).
 */
public final class ToolFinder {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin",
            "/opt/homebrew/bin", "/opt/homebrew/sbin");

    private final Map<String, String> env;
    private Boolean dockerEngine;

    public ToolFinder() {
        this(System.getenv());
    }

    /** For tests: look things up in the given environment instead of the process's. */
    public ToolFinder(Map<String, String> env) {
        this.env = env;
    }

    public Optional<Path> find(Tool tool) {
        String override = env.get(tool.overrideVariable());
        if (override != null && !override.isBlank()) {
            Path path = Path.of(override);
            return isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        for (String name : tool.executableNames()) {
            for (Path dir : searchPath()) {
                for (String candidate : candidates(name)) {
                    Path path = dir.resolve(candidate);
                    if (isExecutable(path)) {
                        return Optional.of(path);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The tool's path, or a {@link ToolMissingException} whose message says how to install it. */
    public Path require(Tool tool) {
        return find(tool).orElseThrow(() -> new ToolMissingException(tool));
    }

    /** Whether a Docker engine answers (not only the docker CLI being installed). Asked once per finder. */
    public synchronized boolean dockerEngineAnswers() {
        if (dockerEngine == null) {
            dockerEngine = find(Tool.DOCKER).map(ToolFinder::engineAnswers).orElse(false);
        }
        return dockerEngine;
    }

    private static boolean engineAnswers(Path docker) {
        try {
            Process process = new ProcessBuilder(docker.toString(), "info", "--format", "{{.ServerVersion}}")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (Exception e) {
            return false;
        } 
    }

    private List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        String path = env.getOrDefault("PATH", env.getOrDefault("Path", ""));
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                dirs.add(Path.of(entry));
            }
        }
        if (!WINDOWS) {
            EXTRA_DIRS.stream().map(Path::of).filter(d -> !dirs.contains(d)).forEach(dirs::add);
        }
        return dirs;
    }

    private List<String> candidates(String name) {
        if (!WINDOWS) {
            return List.of(name);
        }
        List<String> names = new ArrayList<>();
        for (String ext : env.getOrDefault("PATHEXT", ".EXE;.CMD;.BAT").split(";")) {
            names.add(name + ext.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
