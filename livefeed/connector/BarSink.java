package livefeed.connector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import livefeed.cli.UsageException;

/** Where bar lines go: nowhere, stdout, or a file (appended). One JSON object per line. */
public final class BarSink implements AutoCloseable {
    private final Writer out;
    private final boolean closeIt;

    private BarSink(Writer out, boolean closeIt) {
        this.out = out;
        this.closeIt = closeIt;
    }

    /** {@code none}, {@code stdout} or {@code file:PATH}; an unwritable file is a usage error. */
    public static BarSink parse(String spec) {
        if (spec.equals("none")) {
            return new BarSink(null, false);
        }
        if (spec.equals("stdout")) {
            return new BarSink(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16),
                    false);
        }
        if (spec.startsWith("file:") && spec.length() > 5) {
            Path file = Path.of(spec.substring(5));
            try {
                return new BarSink(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE), true);
            } catch (IOException | RuntimeException e) {
                throw new UsageException("--sink " + spec + ": cannot write " + file.toAbsolutePath()
                        + " (" + e.getClass().getSimpleName() + "): pick a writable file");
            }
        }
        throw new UsageException("--sink " + spec + ": use none, stdout or file:PATH");
    }

    public boolean enabled() {
        return out != null;
    }

    public void write(String line) {
        if (out == null) {
            return;
        }
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void flush() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                Log.info("sink: flush failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        flush();
        if (closeIt) {
            try {
                out.close();
            } catch (IOException e) {
                Log.info("sink: close failed: " + e.getMessage());
            }
        }
    }
}
