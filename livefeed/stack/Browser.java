package livefeed.stack;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Opens a URL in the default browser on Linux (xdg-open), macOS (open) and Windows (the URL protocol handler). */
public final class Browser {
    private Browser() {}

    /** Returns false when no browser could be started (a headless machine): the caller prints the URL instead. */
    public static boolean open(String url) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> command = os.startsWith("win") ? List.of("rundll32", "url.dll,FileProtocolHandler", url)
                : os.contains("mac") ? List.of("open", url)
                : List.of("xdg-open", url);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
