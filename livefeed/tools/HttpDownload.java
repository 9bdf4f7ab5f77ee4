package livefeed.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * One HTTP GET into memory (a checksum file) or into a file (an archive, hashed while it streams). A server that
 * sends nothing for {@code stallTimeout} is given up on, with a message that says so.
 */
final class HttpDownload {
    private static final int CONNECT_TIMEOUT_MILLIS = 15_000;

    private final Duration stallTimeout;

    HttpDownload(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    /** The body of a small file (a checksum list), as text. */
    String text(URI uri) {
        HttpURLConnection connection = open(uri);
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            throw stalled(uri);
        } catch (IOException e) {
            throw new ProvisionException("cannot download " + uri + ": " + e.getMessage(), e);
        } finally {
            connection.disconnect();
        }
    }

    /** Streams {@code uri} into {@code target}; returns the SHA-256 of what arrived, in lower-case hex. */
    String toFile(URI uri, Path target, DownloadProgress progress) {
        HttpURLConnection connection = open(uri);
        long expected = connection.getContentLengthLong();
        MessageDigest sha256 = sha256();
        long received = 0;
        progress.start(fileName(uri), expected);
        try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                sha256.update(buffer, 0, n);
                received += n;
                progress.advance(n);
            }
        } catch (SocketTimeoutException e) {
            throw stalled(uri);
        } catch (IOException e) {
            throw brokeOff(uri, received, expected, e);
        } finally {
            connection.disconnect();
        }
        if (expected >= 0 && received != expected) {
            throw brokeOff(uri, received, expected, null);
        }
        progress.finish();
        return HexFormat.of().formatHex(sha256.digest());
    }

    private HttpURLConnection open(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout((int) stallTimeout.toMillis());
            connection.setInstanceFollowRedirects(true);   // release hosts redirect to their storage
            connection.setRequestProperty("User-Agent", "livefeed-ops");
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                connection.disconnect();
                throw new ProvisionException("cannot download " + uri + ": HTTP " + status
                        + (status == 404 ? " (not there: a mirror must keep the official paths)" : ""));
            }
            return connection;
        } catch (SocketTimeoutException e) {
            throw stalled(uri);
        } catch (IOException e) {
            throw new ProvisionException("cannot download " + uri + ": " + e
                    + "; check the network, or set LIVEFEED_DOWNLOAD_BASE to a mirror", e);
        }
    }

    private ProvisionException stalled(URI uri) {
        return new ProvisionException("download of " + uri + " stalled: nothing received for " + stallTimeout.toSeconds()
                + " s; try again, or set LIVEFEED_DOWNLOAD_BASE to a mirror");
    }

    private static ProvisionException brokeOff(URI uri, long received, long expected, IOException cause) {
        return new ProvisionException("download of " + uri + " broke off after " + received
                + (expected >= 0 ? " of " + expected : "") + " bytes" + (cause != null ? " (" + cause.getMessage() + ")" : "")
                + "; try again", cause);
    }

    private static String fileName(URI uri) {
        String path = uri.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
