package livefeed.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import livefeed.secrets.TokenMask;

/**
 * Prints a log file, and with follow keeps printing what is appended (like {@code tail -f}) until interrupted. Whole
 * lines, each through {@link TokenMask}: a service's log may hold the Telegram token (Alertmanager's does after a
 * failed delivery), and a token cut across two reads would slip past the mask.
 */
final class LogFollower {
    private LogFollower() {}

    static void print(Path log, boolean follow, PrintStream out) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] buffer = new byte[8192];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int n = file.read(buffer);
                if (n > 0) {
                    for (int i = 0; i < n; i++) {
                        line.write(buffer[i]);
                        if (buffer[i] == '\n') {
                            out.print(TokenMask.mask(line.toString(StandardCharsets.UTF_8)));
                            line.reset();
                        }
                    }
                    continue;
                }
                if (!follow) {
                    out.print(TokenMask.mask(line.toString(StandardCharsets.UTF_8)));   // a last line without its end
                    out.flush();
                    return;
                }
                out.flush();
                if (file.length() < file.getFilePointer()) {
                    file.seek(0);   // the file was truncated or replaced
                    line.reset();
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
