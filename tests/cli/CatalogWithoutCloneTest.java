package livefeed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import livefeed.testsupport.RunsConcurrently;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JBang users without a clone: the catalog's aliases run launcher/Checkout.java, which carries every file the
 * programs need (//FILES) and runs them from a copy in the user cache. Run here from a folder outside the checkout,
 * with a JBang installed outside it, against the catalog served over HTTP as a repository host serves it.
 */
@RunsConcurrently
class CatalogWithoutCloneTest {
    private static final Path CHECKOUT = Project.root().resolve("launcher/Checkout.java");

    @TempDir
    Path temp;

    @Test
    void every_file_the_programs_need_travels_with_the_catalogs_script() throws IOException {
        Set<String> needed = new TreeSet<>(List.of("connector.java", "observability.java", "promtest.java", "simulate.java",
                "jbang", "jbang.cmd", "launcher/pom.xml"));
        for (String folder : List.of("livefeed", "ops")) {
            try (Stream<Path> files = Files.walk(Project.root().resolve(folder))) {
                files.filter(Files::isRegularFile).map(p -> Project.root().relativize(p).toString().replace('\\', '/'))
                        // Telegram secrets never travel; the folder's README does.
                        .filter(p -> !p.startsWith("ops/alertmanager/secrets/") || p.endsWith("README.md"))
                        .forEach(needed::add);
            }
        }
        Set<String> carried = carried();
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(carried);
        assertEquals(Set.of(), missing, "add to launcher/Checkout.java: " + missing.stream()
                .map(f -> "//FILES " + f + "=../" + f).collect(Collectors.joining("\n")));
        Set<String> gone = new TreeSet<>(carried);
        gone.removeAll(needed);
        assertEquals(Set.of(), gone, "launcher/Checkout.java names files that do not exist (or secrets): remove them");
    }

    @Test
    void the_catalog_run_from_a_folder_outside_the_checkout_brings_a_stack_up() throws Exception {
        Set<String> served = carried();
        served.add("jbang-catalog.json");
        served.add("launcher/Checkout.java");
        HttpServer host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        host.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath().substring(1);
                if (!served.contains(path)) {   // the project's files that travel, never anything else of the folder
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(Project.root().resolve(path));
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        host.start();
        // A JBang installed outside the checkout: the launcher and its pom, nothing else of the project.
        Path jbangHome = Files.createDirectories(temp.resolve("jbang-install/launcher"));
        Files.copy(Project.root().resolve("launcher/pom.xml"), jbangHome.resolve("pom.xml"));
        Path jbang = Files.copy(Project.launcher(), jbangHome.getParent().resolve("jbang"));
        jbang.toFile().setExecutable(true);
        Path userFolder = Files.createDirectories(temp.resolve("somewhere-else"));
        String alias = "observability@http://127.0.0.1:" + host.getAddress().getPort() + "/jbang-catalog.json";
        int connectorPort = FreePorts.next(), prometheusPort = FreePorts.next();
        try {
            Result up = run(userFolder, jbang, alias, "up", "--backend", "native", "--connector-port",
                    String.valueOf(connectorPort), "--prometheus-port", String.valueOf(prometheusPort));
            assertEquals(0, up.exitCode(), up::toString);
            assertTrue(up.stdout().contains("live_connector  running"), up::toString);
            Result status = run(userFolder, jbang, alias, "status");
            assertEquals(0, status.exitCode(), status::toString);
            try (Stream<Path> checkouts = Files.list(temp.resolve("cache"))) {
                Path checkout = checkouts.filter(p -> p.getFileName().toString().startsWith("checkout-")).findFirst().orElseThrow();
                assertTrue(Files.isRegularFile(checkout.resolve(".complete")) && Files.isRegularFile(checkout.resolve("ops/prometheus/alerts.yml")));
            }
            assertTrue(Files.isRegularFile(temp.resolve("state/stack.json")), "the state goes where LIVEFEED_STATE_DIR says");
        } finally {
            Result down = run(userFolder, jbang, alias, "down", "--volumes");
            host.stop(0);
            assertEquals(0, down.exitCode(), down::toString);
        }
    }

    private Result run(Path directory, Path jbang, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(jbang.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(Map.of("LIVEFEED_BUNDLED_JBANG", "1", "LIVEFEED_CHECKOUT_CACHE", temp.resolve("cache").toString(),
                "LIVEFEED_STATE_DIR", temp.resolve("state").toString()));
        builder.environment().remove("LIVEFEED_PROJECT_ROOT");
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(Duration.ofMinutes(5).toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** The target paths of launcher/Checkout.java's //FILES lines. */
    private static Set<String> carried() throws IOException {
        return Files.readAllLines(CHECKOUT).stream().filter(l -> l.startsWith("//FILES "))
                .map(l -> l.substring("//FILES ".length()).split("=")[0]).collect(Collectors.toCollection(TreeSet::new));
    }
}
