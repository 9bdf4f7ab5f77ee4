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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A PID file of the native stack: the process id, when that process started, its command line, the arguments that
 * identify it, and the settings it was started with. A process is ours only when its id, its start time AND its
 * command line all match: an id alone is reused after a crash or a reboot, and a file anyone could have written (or
 * an older one without a start time) proves nothing. A file that does not prove its process is stale: it is removed
 * and nothing is ever signalled on its account. Ids 0 and 1 (init, or "every process" to kill) are never ours.
 */
public record PidFile(Path path) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Start times are read back from the OS with at worst clock-tick precision. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);
    /** The JDK reports no command line of other processes on Windows: there the start time is all there is. */
    private static final boolean NO_COMMAND_LINES = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");

    /**
     * @param identity the arguments the live process's command line must end with: a launcher such as {@code ./jbang}
     *     replaces itself with Java, which changes the program name and what comes before the program's own arguments,
     *     never those
     * @param settings what the service was started with (ports, bind address, the digest of its config in effect),
     *     which a later {@code up} compares with what it is asked for
     */
    private static final String PROGRAM = "program:";

    public record Entry(long pid, Instant started, String command, List<String> identity, Map<String, String> settings) {}

    /** What the file says about its process. */
    public enum Status { ABSENT, RUNNING, STALE }

    /** Records {@code process}, started as {@code command}, identified by the last {@code identity} arguments. */
    public void write(ProcessHandle process, List<String> command, List<String> identity, Map<String, String> settings) {
        Optional<Instant> started = process.info().startInstant();
        if (started.isEmpty() && process.isAlive()) {
            throw new StackException("the OS does not tell when pid " + process.pid() + " started, so its PID file could"
                    + " not prove it later: stop it by hand; the native stack cannot run here");
        }
        // A process that already ended has no start time left: its file is stale at once, and up says it exited.
        write(new Entry(process.pid(), started.orElse(null), String.join(" ", command), identity, settings));
    }

    /** Rewrites the file with other settings (after a reload put them in effect). */
    public void updateSettings(Map<String, String> settings) {
        read().ifPresent(e -> write(new Entry(e.pid(), e.started(), e.command(), e.identity(), settings)));
    }

    private void write(Entry entry) {
        ObjectNode n = JSON.createObjectNode();
        n.put("pid", entry.pid());
        if (entry.started() != null) {
            n.put("started", entry.started().toString());
        }
        n.put("command", entry.command());
        entry.identity().forEach(n.putArray("identity")::add);
        ObjectNode s = n.putObject("settings");
        entry.settings().forEach(s::put);
        AtomicFiles.write(path, n.toPrettyString() + "\n");
    }

    public Optional<Entry> read() {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(path.toFile());
            Instant started = n.hasNonNull("started") ? Instant.parse(n.get("started").asText()) : null;
            List<String> identity = new ArrayList<>();
            n.path("identity").forEach(a -> identity.add(a.asText()));
            Map<String, String> settings = new LinkedHashMap<>();
            n.path("settings").properties().forEach(f -> settings.put(f.getKey(), f.getValue().asText()));
            return Optional.of(new Entry(n.path("pid").asLong(), started, n.path("command").asText(), List.copyOf(identity),
                    Map.copyOf(settings)));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Entry(-1, null, "unreadable PID file", List.of(), Map.of()));
        }
    }

    public Status status() {
        Optional<Entry> entry = read();
        if (entry.isEmpty()) {
            return Status.ABSENT;
        }
        return process().isPresent() ? Status.RUNNING : Status.STALE;
    }

    /** The live process this file names, if it is provably the one that was started. */
    public Optional<ProcessHandle> process() {
        return read().flatMap(entry -> entry.pid() <= 1 ? Optional.empty()
                : ProcessHandle.of(entry.pid()).filter(DetachedProcesses::isRunning).filter(handle -> proves(entry, handle)));
    }

    /** Why a file that names a pid does not prove its process (for the "stale" line), or empty if it does. */
    public Optional<String> staleReason() {
        Optional<Entry> entry = read();
        if (entry.isEmpty() || process().isPresent()) {
            return Optional.empty();
        }
        Entry e = entry.get();
        if (e.pid() <= 1) {
            return Optional.of("names pid " + e.pid() + ", which is never ours");
        }
        Optional<ProcessHandle> live = ProcessHandle.of(e.pid()).filter(DetachedProcesses::isRunning);
        if (live.isEmpty()) {
            return Optional.of("of pid " + e.pid() + " (no longer running)");
        }
        return Optional.of("of pid " + e.pid() + " does not prove that process is the one up started ("
                + (e.started() == null || e.identity().isEmpty() ? "no start time or command recorded" : "another start time or command")
                + "); pid " + e.pid() + " was not signalled");
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean proves(Entry entry, ProcessHandle handle) {
        Optional<Instant> actual = handle.info().startInstant();
        if (entry.started() == null || actual.isEmpty() || entry.identity().isEmpty()) {
            return false;
        }
        if (Duration.between(entry.started(), actual.get()).abs().compareTo(START_TOLERANCE) > 0) {
            return false;
        }
        Optional<String[]> arguments = handle.info().arguments();
        if (arguments.isEmpty()) {
            return NO_COMMAND_LINES;
        }
        if (entry.identity().size() == 1 && entry.identity().get(0).startsWith(PROGRAM)) {
            // A program started without arguments: its name must be in the command line (a wrapper may exec it).
            String name = entry.identity().get(0).substring(PROGRAM.length());
            return handle.info().commandLine().orElse("").contains(name);
        }
        return endsWith(Arrays.asList(arguments.get()), entry.identity());
    }

    /**
     * The identity of a program started without arguments: its name, which must appear in its command line. Weaker
     * than arguments, so only for that case (Grafana without a home folder to name).
     */
    public static List<String> programNamed(String name) {
        return List.of(PROGRAM + name);
    }

    private static boolean endsWith(List<String> arguments, List<String> tail) {
        return arguments.size() >= tail.size() && arguments.subList(arguments.size() - tail.size(), arguments.size()).equals(tail);
    }
}
