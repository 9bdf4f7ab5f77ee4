package livefeed.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Prints a log file, and with follow keeps printing what is appended (like {@code tail -f}) until interrupted. */
final class LogFollower {
    private LogFollower() {}

    static void print(Path log, boolean follow, PrintStream out) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] buffer = new byte[8192];
            while (true) {
                int n = file.read(buffer);
                if (n > 0) {
                    out.print(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    continue;
                }
                out.flush();
                if (!follow) {
                    return;
                }
                if (file.length() < file.getFilePointer()) {
                    file.seek(0);   // the file was truncated or replaced
                }
                Thread.sleep(250);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
