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
 * Homebrew's prefixes on macOS), then the pinned release in the user's {@link ToolCache}. A finder made by
 * {@link #provisioning} also downloads that release when {@link #require} finds nothing; the program decides whether
 * downloads are allowed ({@code --offline}, {@code LIVEFEED_OFFLINE=true}).
 */
public final class ToolFinder {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin",
            "/opt/homebrew/bin", "/opt/homebrew/sbin");

    /** {@code LIVEFEED_OFFLINE=true}: never download a tool (as {@code --offline}). */
    public static final String OFFLINE = "LIVEFEED_OFFLINE";

    private final Map<String, String> env;
    private final ToolCache cache;
    private final Platform platform;
    private final ToolInstaller installer;
    private final boolean offline;
    private Boolean dockerEngine;

    /** Finds what is installed (the cache included); downloads nothing. */
    public ToolFinder() {
        this(System.getenv());
    }

    /** For tests: look things up in the given environment instead of the process's. */
    public ToolFinder(Map<String, String> env) {
        this(env, Platform.current(), ToolCache.forUser(env, Platform.current()), null, false);
    }

    private ToolFinder(Map<String, String> env, Platform platform, ToolCache cache, ToolInstaller installer,
            boolean offline) {
        this.env = env;
        this.platform = platform;
        this.cache = cache;
        this.installer = installer;
        this.offline = offline;
    }

    /**
     * The finder of a program that may download a missing tool: through {@code installer}, unless {@code offline}
     * or {@code LIVEFEED_OFFLINE=true} in {@code env} forbids it.
     */
    public static ToolFinder provisioning(Map<String, String> env, boolean offline, ToolInstaller installer) {
        boolean off = offline || "true".equalsIgnoreCase(env.getOrDefault(OFFLINE, "").trim());
        return new ToolFinder(env, installer.platform(), installer.cache(), off ? null : installer, off);
    }

    /** {@link #provisioning} with this user's cache, the mirror {@code env} names, progress on standard error. */
    public static ToolFinder provisioning(Map<String, String> env, boolean offline) {
        boolean off = offline || "true".equalsIgnoreCase(env.getOrDefault(OFFLINE, "").trim());
        return off ? new ToolFinder(env, Platform.current(), ToolCache.forUser(env, Platform.current()), null, true)
                : provisioning(env, false, ToolInstaller.forUser(env, DownloadProgress.onStandardError()));
    }

    /** Whether downloads are forbidden ({@code --offline} or {@code LIVEFEED_OFFLINE=true}). */
    public boolean offline() {
        return offline;
    }

    /** The installer this finder downloads with, if downloads are allowed. */
    public Optional<ToolInstaller> installer() {
        return Optional.ofNullable(installer);
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
        return inCache(tool);
    }

    /** The tool from its pinned release in the cache, if a finished install is there. */
    public Optional<Path> inCache(Tool tool) {
        if (tool.release() == null) {
            return Optional.empty();
        }
        return cache.installed(tool.release()).map(folder -> tool.pathIn(folder, platform)).filter(ToolFinder::isExecutable);
    }

    /**
     * The tool's path; if none is found and downloads are allowed, its pinned release provisioned into the cache;
     * else a {@link ToolMissingException} whose message says how to install it.
     */
    public Path require(Tool tool) {
        return obtain(tool).orElseThrow(() -> notProvisioned(tool));
    }

    /**
     * The tool's path as {@link #require} gets it, or empty where it would say the tool is missing. A download that
     * fails (checksum, network) is still an error ({@link ProvisionException}): a tool the user asked for is not
     * quietly left out. An override variable that names no executable is not a reason to download.
     */
    public Optional<Path> obtain(Tool tool) {
        Optional<Path> found = find(tool);
        if (found.isPresent() || installer == null || tool.release() == null || overridden(tool)) {
            return found;
        }
        Path folder = installer.install(tool.release()).folder();
        Path path = tool.pathIn(folder, platform);
        if (!isExecutable(path)) {
            throw new ProvisionException(path + " is not an executable: delete " + folder + " and run again");
        }
        return Optional.of(path);
    }

    private boolean overridden(Tool tool) {
        String override = env.get(tool.overrideVariable());
        return override != null && !override.isBlank();
    }

    private ToolMissingException notProvisioned(Tool tool) {
        if (overridden(tool)) {
            return new ToolMissingException(tool, " (" + tool.overrideVariable() + "=" + env.get(tool.overrideVariable())
                    + " is not an executable)");
        }
        if (offline && tool.release() != null) {
            return new ToolMissingException(tool, "offline", name -> " Downloads are off (" + name + " or " + OFFLINE
                    + "=true); without that the pinned " + tool.release().folderName() + " is fetched into "
                    + cache.root() + ".");
        }
        return new ToolMissingException(tool);
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
