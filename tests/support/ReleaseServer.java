package livefeed.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * A local stand-in for the official release hosts (the JDK's HTTP server on a free loopback port), laid out as they
 * are: {@code /prometheus/NAME/releases/download/vVERSION/NAME-VERSION.OS-ARCH.tar.gz} beside {@code sha256sums.txt},
 * {@code /oss/release/grafana-VERSION.OS-ARCH.tar.gz} beside its {@code .sha256}. {@link #publish} builds a
 * release-shaped archive from any folder of binaries (small stand-in scripts here, real builds when there are some),
 * so {@link #base()} works as {@code LIVEFEED_DOWNLOAD_BASE}. A path can be made to break: stall, stop short.
 */
public final class ReleaseServer implements AutoCloseable {
    /** How a path misbehaves. */
    public enum Fault { NONE, STALL, TRUNCATE, SLOW }

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private ReleaseServer(HttpServer server) {
        this.server = server;
    }

    public static ReleaseServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ReleaseServer releases = new ReleaseServer(server);
            server.createContext("/", releases::serve);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "release-server");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return releases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL, as a mirror: {@code http://127.0.0.1:PORT}. */
    public String base() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /**
     * Publishes the release of {@code name} ({@code prometheus}, {@code alertmanager} or {@code grafana}) at
     * {@code version} for {@code platform} ({@code linux-amd64}, {@code windows-amd64}, ...): every file under
     * {@code binaries}, in the official archive's top folder ({@code prometheus-3.6.0.linux-amd64/},
     * {@code grafana-v11.6.0/}), as .zip for Windows and .tar.gz otherwise, executable bits kept, with its checksum
     * in the official checksum file. Returns the archive's path on this server.
     */
    public String publish(String name, String version, String platform, Path binaries) {
        boolean windows = platform.startsWith("windows-");
        String asset = name + "-" + version + "." + platform + (windows ? ".zip" : ".tar.gz");
        String top = name.equals("grafana") ? "grafana-v" + version : name + "-" + version + "." + platform;
        byte[] archive = windows ? zip(top, binaries) : tarGz(top, binaries);
        return put(name, version, asset, archive);
    }

    /** Serves {@code archive} as {@code asset} of the release, with its true checksum. */
    public String put(String name, String version, String asset, byte[] archive) {
        String folder = folder(name, version);
        files.put(folder + asset, archive);
        writeChecksum(name, version, asset, sha256(archive));
        return folder + asset;
    }

    /** Makes the release's checksum file give {@code hex} for {@code asset}. */
    public void writeChecksum(String name, String version, String asset, String hex) {
        String folder = folder(name, version);
        if (name.equals("grafana")) {
            files.put(folder + asset + ".sha256", hex.getBytes(StandardCharsets.UTF_8));
            return;
        }
        String list = new String(files.getOrDefault(folder + "sha256sums.txt", new byte[0]), StandardCharsets.UTF_8);
        StringBuilder kept = new StringBuilder();
        list.lines().filter(line -> !line.endsWith("  " + asset)).forEach(line -> kept.append(line).append('\n'));
        kept.append(hex).append("  ").append(asset).append('\n');
        files.put(folder + "sha256sums.txt", kept.toString().getBytes(StandardCharsets.UTF_8));
    }

    public void fault(String path, Fault fault) {
        faults.put(path, fault);
    }

    /** How many GETs {@code path} has had. */
    public int requests(String path) {
        return requests.getOrDefault(path, new AtomicInteger()).get();
    }

    public int requestsInTotal() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }

    private static String folder(String name, String version) {
        return name.equals("grafana") ? "/oss/release/" : "/prometheus/" + name + "/releases/download/v" + version + "/";
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        byte[] body = files.get(path);
        try (exchange) {
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Fault fault = faults.getOrDefault(path, Fault.NONE);
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            switch (fault) {
                case NONE -> out.write(body);
                case SLOW -> {   // in ten pieces, so that two clients overlap
                    int step = Math.max(1, body.length / 10);
                    for (int at = 0; at < body.length; at += step) {
                        out.write(body, at, Math.min(step, body.length - at));
                        out.flush();
                        sleep(30);
                    }
                }
                case TRUNCATE -> {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    throw new IOException("stopped short on purpose");   // the server drops the connection
                }
                case STALL -> {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    awaitClose();
                }
            }
        }
    }

    private void awaitClose() {
        try {
            closing.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Path> filesUnder(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] tarGz(String top, Path binaries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GzipParameters fast = new GzipParameters();
        fast.setCompressionLevel(1);   // real binaries are tens of MB: the test wants the layout, not a small file
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes, fast))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry dir = new TarArchiveEntry(top + "/");
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            for (Path file : filesUnder(binaries)) {
                TarArchiveEntry entry = new TarArchiveEntry(top + "/" + binaries.relativize(file).toString().replace('\\', '/'));
                entry.setSize(Files.size(file));
                entry.setMode(Files.isExecutable(file) ? 0100755 : 0100644);
                tar.putArchiveEntry(entry);
                Files.copy(file, tar);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] zip(String top, Path binaries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Path file : filesUnder(binaries)) {
                ZipArchiveEntry entry = new ZipArchiveEntry(top + "/" + binaries.relativize(file).toString().replace('\\', '/'));
                entry.setUnixMode(Files.isExecutable(file) ? 0100755 : 0100644);
                zip.putArchiveEntry(entry);
                Files.copy(file, zip);
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A tar.gz with one entry named {@code entryName} (for archives that try to write outside their folder). */
    public static byte[] tarGzWithEntry(String entryName, String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(entryName, true);
            entry.setSize(data.length);
            entry.setMode(0100755);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
