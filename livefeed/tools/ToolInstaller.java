package livefeed.tools;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import livefeed.files.FileTrees;

/**
 * Provisions a {@link ToolRelease} into the {@link ToolCache}, once: the checksum file first, then the archive into
 * a temporary file (hashed as it arrives), checked against the published SHA-256 before anything is unpacked,
 * unpacked into a temporary folder, moved into place in one rename, and only then marked installed. A file lock
 * makes a second process (and a monitor a second thread) wait for the first and use its result; whatever a killed
 * install left behind is removed by the next one.
 */
public final class ToolInstaller {
    /** {@code LIVEFEED_DOWNLOAD_BASE}: a mirror that keeps the official paths, in place of the official hosts. */
    public static final String DOWNLOAD_BASE = "LIVEFEED_DOWNLOAD_BASE";
    /** {@code LIVEFEED_DOWNLOAD_TIMEOUT}: seconds without a byte after which a download is given up (default 30). */
    public static final String DOWNLOAD_TIMEOUT = "LIVEFEED_DOWNLOAD_TIMEOUT";
    private static final Map<Path, Object> IN_THIS_PROCESS = new ConcurrentHashMap<>();

    /** A release in the cache, and whether this call downloaded it. */
    public record Installed(ToolRelease release, Path folder, boolean downloaded) {}

    private final ToolCache cache;
    private final Platform platform;
    private final String downloadBase;
    private final HttpDownload http;
    private final DownloadProgress progress;

    /** @param downloadBase a mirror's base URL, or null for the official hosts */
    public ToolInstaller(ToolCache cache, Platform platform, String downloadBase, Duration stallTimeout,
            DownloadProgress progress) {
        this.cache = cache;
        this.platform = platform;
        this.downloadBase = downloadBase == null || downloadBase.isBlank() ? null : downloadBase;
        this.http = new HttpDownload(stallTimeout);
        this.progress = progress;
    }

    /** This user's cache on this machine, the mirror and timeout {@code env} names, progress on standard error. */
    public static ToolInstaller forUser(Map<String, String> env, DownloadProgress progress) {
        Platform platform = Platform.current();
        String timeout = env.getOrDefault(DOWNLOAD_TIMEOUT, "30");
        Duration stall;
        try {
            stall = Duration.ofSeconds(Long.parseLong(timeout.trim()));
        } catch (NumberFormatException e) {
            throw new ProvisionException(DOWNLOAD_TIMEOUT + "=" + timeout + " is not a number of seconds");
        }
        String base = env.get(DOWNLOAD_BASE);
        if (base != null && !base.isBlank() && !base.matches("(?i)https?://[^/\\s]+(/\\S*)?")) {
            throw new ProvisionException(DOWNLOAD_BASE + "=" + base + " is not an http(s) URL: give the mirror's base,"
                    + " e.g. https://mirror.example/releases");
        }
        return new ToolInstaller(ToolCache.forUser(env, platform), platform, base, stall, progress);
    }

    public ToolCache cache() {
        return cache;
    }

    public Platform platform() {
        return platform;
    }

    /** Where {@code release}'s archive comes from (official host or mirror). */
    public URI source(ToolRelease release) {
        return release.archiveUri(downloadBase, platform);
    }

    /** The release in the cache, downloaded now unless an install (this process's or another's) finished before. */
    public Installed install(ToolRelease release) {
        if (!release.supports(platform)) {
            throw new ProvisionException(release.projectName() + " " + release.version() + " publishes no archive for "
                    + platform + " (only " + release.supportedPlatforms() + "): install it yourself and put it on PATH");
        }
        if (cache.installed(release).isPresent()) {
            return new Installed(release, cache.folder(release), false);
        }
        Path lockFile = cache.lockFile(release).toAbsolutePath();
        synchronized (IN_THIS_PROCESS.computeIfAbsent(lockFile, f -> new Object())) {
            try {
                Files.createDirectories(lockFile.getParent());
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = channel.lock()) {
                    if (cache.installed(release).isPresent()) {
                        return new Installed(release, cache.folder(release), false);
                    }
                    removeLeftovers(release);
                    return new Installed(release, downloadAndUnpack(release), true);
                }
            } catch (IOException e) {
                throw new ProvisionException("cannot install " + release.folderName() + " in " + cache.root() + ": " + e, e);
            }
        }
    }

    private Path downloadAndUnpack(ToolRelease release) throws IOException {
        String asset = release.assetName(platform);
        URI checksums = release.checksumUri(downloadBase, platform);
        String expected = release.expectedSha256(http.text(checksums), asset).orElseThrow(() -> new ProvisionException(
                checksums + " gives no SHA-256 for " + asset + ": nothing was downloaded"));
        Path archive = cache.temporary(release, "download");
        Path unpacked = cache.temporary(release, "unpack");
        try {
            String actual = http.toFile(release.archiveUri(downloadBase, platform), archive, progress);
            if (!actual.equals(expected)) {
                throw new ProvisionException(asset + " does not match the SHA-256 in " + checksums + " (expected "
                        + expected + ", got " + actual + "): nothing was installed; try again, or check the mirror");
            }
            Files.delete(unpacked);
            ArchiveUnpacker.unpack(archive, asset, unpacked);
            Path top = topFolder(unpacked);
            for (Tool tool : Tool.values()) {
                if (tool.release() == release && !Files.isRegularFile(tool.pathIn(top, platform))) {
                    throw new ProvisionException(asset + " has no " + top.relativize(tool.pathIn(top, platform))
                            + ": it is not the official archive; nothing was installed");
                }
            }
            Path folder = cache.folder(release);
            move(top, folder);
            Path marker = Files.writeString(cache.temporary(release, "marker"), asset + " sha256:" + actual + "\n");
            move(marker, folder.resolve(ToolCache.MARKER));
            return folder;
        } finally {
            FileTrees.delete(archive);
            FileTrees.delete(unpacked);
        }
    }

    /** The archive's one top folder ({@code prometheus-3.6.0.linux-amd64/}), or the whole if it has several. */
    private static Path topFolder(Path unpacked) throws IOException {
        try (Stream<Path> children = Files.list(unpacked)) {
            List<Path> all = children.toList();
            return all.size() == 1 && Files.isDirectory(all.get(0)) ? all.get(0) : unpacked;
        }
    }

    /** A folder without its marker, and temporary files: what an install that was killed left. */
    private void removeLeftovers(ToolRelease release) throws IOException {
        FileTrees.delete(cache.folder(release));
        try (Stream<Path> children = Files.list(cache.root())) {
            for (Path child : children.filter(c -> cache.isTemporary(release, c)).toList()) {
                FileTrees.delete(child);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
