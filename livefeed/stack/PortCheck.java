package livefeed.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Whether a port is free to listen on, and if not, which process holds it (when the OS tells). */
public final class PortCheck {
    private static final String OS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);

    private PortCheck() {}

    public static boolean isFree(String bindAddress, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** "pid 1234 (prometheus --config.file=...)" for the process listening on {@code port}, if it can be found. */
    public static Optional<String> owner(int port) {
        try {
            List<Long> pids = OS.contains("linux") ? linuxListeners(port)
                    : OS.startsWith("win") ? windowsListeners(port) : lsofListeners(port);
            return pids.stream().findFirst().map(PortCheck::describe);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static String describe(long pid) {
        ProcessHandle.Info info = ProcessHandle.of(pid).map(ProcessHandle::info).orElse(null);
        String command = info == null ? "" : info.commandLine().or(info::command).orElse("");
        if (command.length() > 120) {
            command = command.substring(0, 120) + "...";
        }
        return "pid " + pid + (command.isEmpty() ? "" : " (" + command + ")");
    }

    /** Listening sockets from /proc/net/tcp{,6}, then the process whose file descriptors hold one of them. */
    private static List<Long> linuxListeners(int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {   // 0A: LISTEN
                    inodes.add("socket:[" + f[9] + "]");
                }
            }
        }
        List<Long> pids = new ArrayList<>();
        if (inodes.isEmpty()) {
            return pids;
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs.filter(p -> p.getFileName().toString().matches("\\d+"))::iterator) {
                try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
                    if (fds.anyMatch(fd -> inodes.contains(link(fd)))) {
                        pids.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException | SecurityException e) {
                    // another user's process: not ours to inspect
                }
            }
        }
        return pids;
    }

    private static String link(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Long> lsofListeners(int port) throws IOException {
        return run(List.of("lsof", "-nP", "-iTCP:" + port, "-sTCP:LISTEN", "-t")).stream()
                .filter(l -> l.matches("\\d+")).map(Long::parseLong).toList();
    }

    private static List<Long> windowsListeners(int port) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String line : run(List.of("netstat", "-ano", "-p", "TCP"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 5 && f[3].equals("LISTENING") && f[1].endsWith(":" + port)) {
                pids.add(Long.parseLong(f[4]));
            }
        }
        return pids;
    }

    private static List<String> run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor(5, TimeUnit.SECONDS);
            return out.lines().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            process.destroy();
        }
    }
}
