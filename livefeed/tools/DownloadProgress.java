package livefeed.tools;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What a download shows while it runs: on a terminal one bar redrawn in place (bytes, rate, time left); elsewhere
 * (CI logs, pipes) a line at each 10 %, so a log shows progress without thousands of lines.
 */
public final class DownloadProgress {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private String name;
    private long total;
    private long done;
    private long began;
    private long lastDrawn;
    private int lastTenth;

    public DownloadProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Bar on {@code System.err} when this process has a terminal ({@code System.console() != null}). */
    public static DownloadProgress onStandardError() {
        return new DownloadProgress(System.err, System.console() != null);
    }

    /** @param total the Content-Length, or -1 when the server does not say */
    void start(String name, long total) {
        this.name = name;
        this.total = total;
        this.done = 0;
        this.began = System.nanoTime();
        this.lastDrawn = 0;
        this.lastTenth = 0;
        if (!terminal) {
            out.println("downloading " + name + (total > 0 ? " (" + megabytes(total) + ")" : ""));
        }
    }

    void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastDrawn >= REDRAW_NANOS) {
                lastDrawn = now;
                out.print("\r" + bar(now) + "\u001b[K");
                out.flush();
            }
        } else if (total > 0) {
            int tenth = (int) Math.min(10, done * 10 / total);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                out.println(name + ": " + (tenth * 10) + "% " + figures(now));
            }
        }
    }

    void finish() {
        if (terminal) {
            out.print("\r" + bar(System.nanoTime()) + "\u001b[K\n");
            out.flush();
        } else if (total <= 0) {
            out.println(name + ": " + megabytes(done) + " downloaded");
        }
    }

    private String bar(long now) {
        int width = 24;
        String fraction = total > 0 ? String.format(Locale.ROOT, "%3d%%", done * 100 / total) : "";
        int filled = total > 0 ? (int) (done * width / total) : 0;
        return name + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + fraction + " " + figures(now);
    }

    /** {@code (28.5 of 95.0 MB, 4.1 MB/s, 16 s left)}. */
    private String figures(long now) {
        double seconds = Math.max(1e-3, (now - began) / 1e9);
        double rate = done / seconds;
        String size = total > 0 ? megabytes(done) + " of " + megabytes(total) : megabytes(done);
        String left = total > 0 && rate > 0 ? String.format(Locale.ROOT, ", %d s left", (long) Math.ceil((total - done) / rate)) : "";
        return "(" + size + ", " + String.format(Locale.ROOT, "%.1f MB/s", rate / 1e6) + left + ")";
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
