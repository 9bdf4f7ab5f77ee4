package livefeed.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where provisioned tools live: {@code ~/.cache/livefeed-ops/tools/NAME-VERSION} on Linux ({@code $XDG_CACHE_HOME}
 * when set), {@code ~/Library/Caches/livefeed-ops/tools} on macOS, {@code %LOCALAPPDATA%\livefeed-ops\tools} on
 * Windows; {@code LIVEFEED_CACHE_DIR} replaces the {@code livefeed-ops} folder. A folder counts as installed only
 * once its marker file is there, and the marker is written last.
 */
public final class ToolCache {
    /** Written after the unpacked release is in place: without it, the folder is the remains of a broken install. */
    static final String MARKER = ".livefeed-installed";

    private final Path tools;

    public ToolCache(Path tools) {
        this.tools = tools;
    }

    /** The cache of this user on {@code platform}, as {@code env} places it. */
    public static ToolCache forUser(Map<String, String> env, Platform platform) {
        return new ToolCache(userCacheRoot(env, platform).resolve("tools"));
    }

    static Path userCacheRoot(Map<String, String> env, Platform platform) {
        String override = env.get("LIVEFEED_CACHE_DIR");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        if (platform.windows()) {
            String local = env.get("LOCALAPPDATA");
            return (local != null && !local.isBlank() ? Path.of(local) : home.resolve("AppData").resolve("Local"))
                    .resolve("livefeed-ops");
        }
        if (platform.os().equals("darwin")) {
            return home.resolve("Library").resolve("Caches").resolve("livefeed-ops");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache")).resolve("livefeed-ops");
    }

    /** The folder that holds every provisioned tool. */
    public Path root() {
        return tools;
    }

    /** {@code tools/prometheus-3.6.0}, installed or not. */
    public Path folder(ToolRelease release) {
        return tools.resolve(release.folderName());
    }

    /** The release's folder if a finished install is there. */
    public Optional<Path> installed(ToolRelease release) {
        Path folder = folder(release);
        return Files.isRegularFile(folder.resolve(MARKER)) ? Optional.of(folder) : Optional.empty();
    }

    /** Lock file shared by every process that installs {@code release} here. */
    Path lockFile(ToolRelease release) {
        return tools.resolve("." + release.folderName() + ".lock");
    }

    /** A new temporary file or folder name beside the install, which a later install removes if left behind. */
    Path temporary(ToolRelease release, String kind) {
        try {
            Files.createDirectories(tools);
            return Files.createTempFile(tools, "." + release.folderName() + "." + kind + "-", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + tools + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code file} is one of {@link #temporary}'s for {@code release}. */
    boolean isTemporary(ToolRelease release, Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("." + release.folderName() + ".") && name.endsWith(".tmp");
    }
}
