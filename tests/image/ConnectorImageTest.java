package livefeed.image;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.Project;
import livefeed.testsupport.RunsConcurrently;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;

/**
 * {@code observability.java image --push} against a real registry (Debian's docker-registry on a free loopback port,
 * storage in a temp folder), pulled back by digest through the registry's HTTP API, every blob checked against its
 * digest, the layers unpacked into a folder, and that folder run as the container's root: {@code chroot} into it as
 * the image's user, in a PID namespace with its own /proc ({@code unshare}), so nothing of this machine but the
 * kernel is used. That proves the layers hold everything the connector needs to run; it does not exercise a container
 * runtime's cgroups or networking (there is none here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@RunsConcurrently
class ConnectorImageTest {
    static final Pattern PUSHED = Pattern.compile("(?m)^pushed (\\S+)@(sha256:[0-9a-f]{64})$");

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    Path dir;
    Process registry;
    URI registryUrl;
    String digest;
    JsonNode config;
    Path root;

    @BeforeAll
    void pushAndPullBack() throws Exception {
        Optional<Path> binary = onPath("docker-registry");
        assumeTrue(binary.isPresent(), "docker-registry is not installed (apt-get install docker-registry)");
        dir = Files.createTempDirectory("livefeed-image-test-");
        int port = FreePorts.next();
        Path registryConfig = dir.resolve("registry.yml");
        Files.writeString(registryConfig, """
                version: 0.1
                log: {level: warn}
                storage:
                  filesystem: {rootdirectory: %s}
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("storage"), port));
        registry = new ProcessBuilder(binary.get().toString(), "serve", registryConfig.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        registryUrl = URI.create("http://127.0.0.1:" + port);
        await("the registry answers /v2/").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get("/v2/", "*/*").statusCode() == 200);

        String ref = "127.0.0.1:" + port + "/live-connector:test";
        Project.Result pushed = Project.jbang(Map.of(), Duration.ofMinutes(8), "observability.java", "image", "--push", ref);
        assertEquals(0, pushed.exitCode(), pushed::output);
        Matcher m = PUSHED.matcher(pushed.stdout());
        assertTrue(m.find(), pushed::output);
        assertEquals("127.0.0.1:" + port + "/live-connector", m.group(1));
        digest = m.group(2);

        // Pull back by digest: manifest, config, layers, each checked against the digest that names it.
        HttpResponse<byte[]> manifestResponse = get("/v2/live-connector/manifests/" + digest,
                "application/vnd.oci.image.manifest.v1+json");
        assertEquals(200, manifestResponse.statusCode());
        assertEquals(digest, sha256(manifestResponse.body()));
        JsonNode manifest = json.readTree(manifestResponse.body());
        config = json.readTree(blob(manifest.path("config")));
        root = Files.createDirectories(dir.resolve("root"));
        for (JsonNode layer : manifest.path("layers")) {
            assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", layer.path("mediaType").asText());
            Path file = dir.resolve(layer.path("digest").asText().replace(':', '-') + ".tar.gz");
            Files.write(file, blob(layer));
            Project.Result untar = Project.run(List.of("tar", "-xzf", file.toString(), "-C", root.toString()), Map.of(), Duration.ofMinutes(2));
            assertEquals(0, untar.exitCode(), untar::output);
        }
    }

    @AfterAll
    void stopRegistry() throws Exception {
        if (registry != null) {
            registry.destroy();
            registry.waitFor(10, TimeUnit.SECONDS);
        }
        if (dir != null) {
            Project.run(List.of("rm", "-rf", dir.toString()), Map.of(), Duration.ofMinutes(1));
        }
    }

    @Test
    void the_image_config_names_the_entrypoint_the_non_root_user_and_the_port() {
        JsonNode c = config.path("config");
        List<String> entrypoint = strings(c.path("Entrypoint"));
        assertEquals(ConnectorImage.entrypoint("connector"), entrypoint);
        assertEquals("65532:65532", c.path("User").asText());
        assertTrue(c.path("ExposedPorts").has("8000/tcp"), c::toString);
        assertEquals("linux", config.path("os").asText());
        assertEquals(4, config.path("rootfs").path("diff_ids").size(), "system, runtime, dependencies, classes");
    }

    @Test
    void the_unpacked_layers_run_the_connectors_help_as_the_images_user() throws Exception {
        Project.Result help = runInImage(List.of("--help"), Duration.ofMinutes(1));
        assertEquals(0, help.exitCode(), help::output);
        assertTrue(help.stdout().contains("Usage: connector"), help::output);
    }

    @Test
    void the_unpacked_layers_run_the_connector_on_the_simulated_venue_for_10_seconds_with_healthz_200(TestReporter reporter)
            throws Exception {
        assumeRunnable();
        // The venues as the Deployment gives them: a picocli argument file from the ConfigMap.
        Path args = Files.createDirectories(root.resolve("etc/livefeed")).resolve("connector.args");
        Files.writeString(args, "# venues\n--venue sim\n");
        int port = FreePorts.next();
        Process connector = startInImage(List.of("--bind", "127.0.0.1", "--port", String.valueOf(port),
                "@/etc/livefeed/connector.args"), dir.resolve("connector.log"));
        try {
            long started = System.nanoTime();
            URI healthz = URI.create("http://127.0.0.1:" + port + "/healthz");
            await("/healthz answers 200").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> status(healthz) == 200);
            // Sampling the rest of a 10-second run: /healthz must stay 200 throughout, not merely at its end.
            Duration rest = Duration.ofSeconds(10).minusNanos(System.nanoTime() - started);
            if (!rest.isNegative()) {
                await("/healthz staying 200 (log: " + dir.resolve("connector.log") + ")").pollInterval(Duration.ofMillis(500))
                        .during(rest).atMost(rest.plusSeconds(5)).untilAsserted(
                                () -> assertEquals(200, status(healthz), () -> body(healthz) + "\n" + log("connector.log")));
            }
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("feed_bars_total{"), "bars closed within 10 s");
            ProcessHandle java = connector.descendants().filter(p -> p.info().command().orElse("").endsWith("/java"))
                    .findFirst().orElseThrow(() -> new AssertionError("no java process under " + connector.info()));
            // On the test's line (this class runs beside others: a line of its own on System.out could land anywhere).
            reporter.publishEntry("MiB resident after 10 s", String.valueOf(residentMiB(java.pid())));
            // SIGTERM to the connector, as the kubelet sends it to the container's first process (which it is, in
            // its PID namespace); unshare then exits with the connector's status.
            java.destroy();
            assertTrue(connector.waitFor(30, TimeUnit.SECONDS), "the connector stops within 30 s of SIGTERM");
            assertEquals(0, connector.exitValue(), () -> log("connector.log"));
            assertTrue(log("connector.log").contains("connector: stopped"), () -> log("connector.log"));
        } finally {
            connector.descendants().forEach(ProcessHandle::destroyForcibly);   // only after a failure: ours, by handle
            connector.destroyForcibly();
            connector.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The image's entrypoint plus {@code args}, chrooted into the unpacked layers as the image's user. */
    List<String> command(List<String> args) {
        // Absolute paths: the environment is the image's, whose PATH holds only its Java.
        List<String> command = new ArrayList<>(List.of(onPath("unshare").orElseThrow().toString(), "--pid", "--fork",
                "--kill-child=SIGTERM", "--mount-proc=" + root.resolve("proc"), onPath("chroot").orElseThrow().toString(),
                "--userspec=" + config.path("config").path("User").asText(),
                root.toString()));
        command.addAll(strings(config.path("config").path("Entrypoint")));
        command.addAll(args);
        return command;
    }

    Project.Result runInImage(List<String> args, Duration timeout) throws IOException {
        assumeRunnable();
        return Project.run(command(args), imageEnvironment(), timeout);
    }

    Process startInImage(List<String> args, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        imageEnvironment().forEach((k, v) -> {
            if (v != null) {
                builder.environment().put(k, v);
            }
        });
        return builder.start();
    }

    /** The environment the image's config sets (JAVA_HOME, PATH), and nothing of this machine's. */
    Map<String, String> imageEnvironment() {
        Map<String, String> env = new java.util.HashMap<>();
        for (JsonNode e : config.path("config").path("Env")) {
            String[] kv = e.asText().split("=", 2);
            env.put(kv[0], kv[1]);
        }
        // Project.run adds to the parent's environment: blank out what would leak in.
        System.getenv().keySet().stream().filter(k -> !env.containsKey(k)).forEach(k -> env.put(k, null));
        return env;
    }

    void assumeRunnable() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "chroot and unshare need root");
        assumeTrue(onPath("unshare").isPresent() && onPath("chroot").isPresent(), "unshare or chroot is missing");
        Files.createDirectories(root.resolve("proc"));
    }

    int status(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException e) {
            return -1;
        } catch (IOException e) {
            return -2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -3;
        }
    }

    String body(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    HttpResponse<byte[]> get(String path, String accept) {
        try {
            return http.send(HttpRequest.newBuilder(registryUrl.resolve(path)).header("Accept", accept).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    byte[] blob(JsonNode descriptor) throws Exception {
        String d = descriptor.path("digest").asText();
        HttpResponse<byte[]> response = get("/v2/live-connector/blobs/" + d, "*/*");
        assertEquals(200, response.statusCode(), d);
        assertEquals(d, sha256(response.body()), "the blob matches its digest");
        assertEquals(descriptor.path("size").asLong(), response.body().length);
        return response.body();
    }

    static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    String log(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "(no " + name + ")";
        }
    }

    static long residentMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // reported as unknown
        }
        return -1;
    }

    static Optional<Path> onPath(String name) {
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            Path candidate = Path.of(d, name);
            if (!d.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
