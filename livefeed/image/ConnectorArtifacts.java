//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import livefeed.cli.ProjectRoot;
import livefeed.errors.InvalidInput;

/**
 * The connector as JBang builds it: its compiled jar (connector.java and the {@code livefeed/} sources it includes),
 * its main class and its dependency jars, asked of JBang itself ({@code jbang info tools connector.java}, which
 * names it once {@code jbang build} has built it) so the image holds exactly what {@code ./jbang connector.java} runs.
 */
record ConnectorArtifacts(Path applicationJar, String mainClass, List<Path> dependencies) {

    static ConnectorArtifacts resolve(Path projectRoot) {
        String launcher = ProjectRoot.launcher(projectRoot);
        // 'info tools' names the jar but does not build it: build first (a no-op when it is up to date).
        run(projectRoot, List.of(launcher, "build", "connector.java"));
        String json = run(projectRoot, List.of(launcher, "info", "tools", "connector.java"));
        try {
            JsonNode info = new ObjectMapper().readTree(json);
            List<Path> deps = new ArrayList<>();
            info.path("resolvedDependencies").forEach(d -> deps.add(Path.of(d.asText())));
            ConnectorArtifacts artifacts = new ConnectorArtifacts(Path.of(info.path("applicationJar").asText()),
                    info.path("mainClass").asText(), deps);
            if (!Files.isRegularFile(artifacts.applicationJar()) || artifacts.mainClass().isEmpty()) {
                throw new IllegalStateException("JBang named no built jar or main class for connector.java: " + json);
            }
            return artifacts;
        } catch (IOException e) {
            throw new IllegalStateException("JBang's 'info tools' printed no JSON: " + json, e);
        }
    }

    /** Runs a JBang command in the checkout; returns what it printed on stdout, or fails with its stderr. */
    private static String run(Path projectRoot, List<String> command) {
        String json;
        try {
            Process process = new ProcessBuilder(command).directory(projectRoot.toFile()).start();
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            json = readAll(process.getInputStream());
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed: " + err.join().strip());
            }
        } catch (IOException e) {
            throw new InvalidInput("cannot run " + command.get(0) + " (" + e.getMessage() + "): run from the project checkout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking JBang for the connector's jars", e);
        }
        return json;
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
