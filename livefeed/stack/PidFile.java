//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A PID file of the native stack: the process id, when that process started, and its command line. The start time
 * tells our process from an unrelated one that got the same id after a crash or a reboot: such a file is stale, and
 * nothing is ever signalled on its account.
 */
public record PidFile(Path path) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Start times are read back from the OS with at worst clock-tick precision. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    public record Entry(long pid, Instant started, String command) {}

    /** What the file says about its process. */
    public enum Status { ABSENT, RUNNING, STALE }

    public void write(ProcessHandle process, String command) {
        ObjectNode n = JSON.createObjectNode();
        n.put("pid", process.pid());
        process.info().startInstant().ifPresent(i -> n.put("started", i.toString()));
        n.put("command", command);
        AtomicFiles.write(path, n.toPrettyString() + "\n");
    }

    public Optional<Entry> read() {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(path.toFile());
            Instant started = n.hasNonNull("started") ? Instant.parse(n.get("started").asText()) : null;
            return Optional.of(new Entry(n.path("pid").asLong(), started, n.path("command").asText()));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Entry(-1, null, "unreadable PID file"));
        }
    }

    public Status status() {
        Optional<Entry> entry = read();
        if (entry.isEmpty()) {
            return Status.ABSENT;
        }
        return process().isPresent() ? Status.RUNNING : Status.STALE;
    }

    /** The live process this file names, if it is still the one that was started. */
    public Optional<ProcessHandle> process() {
        return read().flatMap(entry -> ProcessHandle.of(entry.pid()).filter(DetachedProcesses::isRunning)
                .filter(handle -> sameStart(entry, handle)));
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameStart(Entry entry, ProcessHandle handle) {
        Optional<Instant> actual = handle.info().startInstant();
        if (entry.started() == null || actual.isEmpty()) {
            return true;   // the OS does not tell start times: the id is all there is
        }
        return Duration.between(entry.started(), actual.get()).abs().compareTo(START_TOLERANCE) <= 0;
    }
}
