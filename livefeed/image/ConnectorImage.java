//DEPS com.google.cloud.tools:jib-core:0.27.3
package livefeed.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import livefeed.errors.InvalidInput;
import livefeed.files.FileTrees;

/**
 * The connector's OCI image, built without Docker: Jib writes the layers and the config, from scratch (no base image
 * is reachable or needed). Four layers, from the least to the most often changed, so a code change moves only the last:
 * <ol>
 *   <li>system: the shared libraries the runtime needs (see {@link JlinkRuntime}), {@code /etc/passwd} and
 *       {@code /etc/group} naming the user, {@code /tmp};</li>
 *   <li>runtime: the jlink'ed Java at {@value #JAVA_HOME};</li>
 *   <li>dependencies: the connector's dependency jars in {@value #APP}/libs;</li>
 *   <li>classes: the connector's own jar, {@value #APP}/classes/connector.jar.</li>
 * </ol>
 * Everything is owned by root and read-only to the user the container runs as, {@value #USER} (distroless's
 * "nonroot"), so the connector cannot change its own code.
 */
public final class ConnectorImage {
    public static final String JAVA_HOME = "/opt/java";
    public static final String APP = "/app";
    public static final String USER = "65532:65532";
    public static final int PORT = 8000;
    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final FilePermissions READABLE = FilePermissions.fromOctalString("644");
    private static final Instant EPOCH = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;

    /** What was built: where it went, its manifest digest, the runtime's modules. */
    public record Built(String reference, String digest, String modules) {}

    private final Path projectRoot;
    private final Consumer<String> log;

    public ConnectorImage(Path projectRoot, Consumer<String> log) {
        this.projectRoot = projectRoot;
        this.log = log;
    }

    /** Writes the image as a tarball {@code docker load} and {@code podman load} read, named {@code name}. */
    public Built toTar(Path tar, String name) {
        ImageReference reference = reference(name, "name");
        Path parent = tar.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new InvalidInput("tar", tar + ": the folder " + parent + " does not exist");
        }
        return build(Containerizer.to(TarImage.at(tar.toAbsolutePath()).named(reference)), tar.toString());
    }

    /** Pushes the image to a registry (credentials from the Docker config, as docker login wrote them). */
    public Built push(String ref) {
        ImageReference reference = reference(ref, "push");
        RegistryImage target = RegistryImage.named(reference).addCredentialRetriever(
                CredentialRetrieverFactory.forImage(reference, this::logEvent).dockerConfig());
        // Plain HTTP only to a registry on this machine (a test's, or a local mirror); anywhere else HTTPS.
        boolean loopback = isLoopback(reference.getRegistry());
        Built built = build(Containerizer.to(target).setAllowInsecureRegistries(loopback), reference.toString());
        // By digest: what a Deployment should name, so every node runs exactly this image.
        return new Built(reference.getRegistry() + "/" + reference.getRepository() + "@" + built.digest(),
                built.digest(), built.modules());
    }

    private Built build(Containerizer containerizer, String where) {
        Path work = null;
        try {
            work = Files.createTempDirectory("livefeed-image-");
            log.accept("image: asking JBang for the connector's jars");
            ConnectorArtifacts connector = ConnectorArtifacts.resolve(projectRoot);
            String modules = JlinkRuntime.modules(connector);
            log.accept("image: jlink " + modules);
            Path runtime = work.resolve("runtime");
            JlinkRuntime.link(modules, runtime);
            JibContainerBuilder image = Jib.fromScratch()
                    .setFormat(ImageFormat.OCI)
                    .addFileEntriesLayer(systemLayer(runtime, work))
                    .addFileEntriesLayer(tree("runtime", runtime, AbsoluteUnixPath.get(JAVA_HOME)))
                    .addFileEntriesLayer(dependencyLayer(connector))
                    .addFileEntriesLayer(FileEntriesLayer.builder().setName("classes")
                            .addEntry(connector.applicationJar(), AbsoluteUnixPath.get(APP + "/classes/connector.jar"), READABLE, EPOCH)
                            .build())
                    .setEntrypoint(entrypoint(connector.mainClass()))
                    .setUser(USER)
                    .setWorkingDirectory(AbsoluteUnixPath.get(APP))
                    .setEnvironment(Map.of("JAVA_HOME", JAVA_HOME, "PATH", JAVA_HOME + "/bin"))
                    .setExposedPorts(Set.of(Port.tcp(PORT)))
                    .addLabel("org.opencontainers.image.title", "live-connector")
                    .addLabel("org.opencontainers.image.description", "Live Feed Ops connector: venue feeds to bars, /metrics and /healthz on " + PORT);
            log.accept("image: writing the layers to " + where);
            // Jib's caches in this build's own folder: its default is one /tmp folder shared by every user.
            containerizer.setApplicationLayersCache(work.resolve("cache/application"))
                    .setBaseImageLayersCache(work.resolve("cache/base"));
            JibContainer container = image.containerize(containerizer.setToolName("live-feed-ops")
                    .addEventHandler(LogEvent.class, this::logEvent));
            return new Built(where, container.getDigest().toString(), modules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RegistryException e) {
            throw new InvalidInput("the registry refused the image (" + e.getMessage() + "): check the reference and"
                    + " that you are logged in (docker login writes the credentials Jib reads)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidInput("could not write the image to " + where + ": " + cause.getClass().getSimpleName()
                    + " " + cause.getMessage(), cause);
        } catch (CacheDirectoryCreationException e) {
            throw new InvalidInput("Jib could not create its cache folder: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the image", e);
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }

    /** The process the container runs: the connector's main class on the runtime, arguments appended by the runtime. */
    static List<String> entrypoint(String mainClass) {
        return List.of(JAVA_HOME + "/bin/java", "-cp", APP + "/classes/connector.jar:" + APP + "/libs/*", mainClass);
    }

    private FileEntriesLayer systemLayer(Path runtime, Path work) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("system");
        for (Map.Entry<String, Path> lib : JlinkRuntime.sharedLibraries(runtime).entrySet()) {
            layer.addEntry(new FileEntry(lib.getValue(), AbsoluteUnixPath.get(lib.getKey()), EXECUTABLE, EPOCH, "0:0"));
        }
        Path etc = Files.createDirectories(work.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
                + "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nnonroot:x:65532:\n");
        layer.addEntry(new FileEntry(etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"), READABLE, EPOCH, "0:0"));
        layer.addEntry(new FileEntry(etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"), READABLE, EPOCH, "0:0"));
        Path empty = Files.createDirectories(work.resolve("empty"));
        // Jib cannot set the sticky bit; the container has one user, and the Deployment mounts an emptyDir here.
        layer.addEntry(new FileEntry(empty, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"), EPOCH, "0:0"));
        layer.addEntry(new FileEntry(empty, AbsoluteUnixPath.get("/home/nonroot"), EXECUTABLE, EPOCH, "65532:65532"));
        return layer.build();
    }

    private static FileEntriesLayer dependencyLayer(ConnectorArtifacts connector) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("dependencies");
        Set<String> names = new HashSet<>();
        for (Path jar : connector.dependencies()) {
            String name = jar.getFileName().toString();
            if (!names.add(name)) {
                throw new IllegalStateException("two dependency jars are named " + name + ": " + connector.dependencies());
            }
            layer.addEntry(jar, AbsoluteUnixPath.get(APP + "/libs/" + name), READABLE, EPOCH);
        }
        return layer.build();
    }

    /** A folder as a layer, executables (the runtime's bin/ and libraries) kept executable. */
    private static FileEntriesLayer tree(String name, Path dir, AbsoluteUnixPath target) throws IOException {
        return FileEntriesLayer.builder().setName(name)
                .addEntryRecursive(dir, target,
                        (source, path) -> Files.isDirectory(source) || Files.isExecutable(source) ? EXECUTABLE : READABLE,
                        (source, path) -> EPOCH)
                .build();
    }

    private static ImageReference reference(String ref, String setting) {
        try {
            return ImageReference.parse(ref);
        } catch (InvalidImageReferenceException e) {
            throw new InvalidInput(setting, "'" + ref + "' is not an image reference: write REGISTRY/NAME:TAG,"
                    + " e.g. 127.0.0.1:5000/live-connector:1");
        }
    }

    static boolean isLoopback(String registry) {
        String host = registry.startsWith("[") ? registry.substring(1, registry.indexOf(']'))
                : registry.replaceFirst(":\\d+$", "");
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private void logEvent(LogEvent event) {
        if (event.getLevel() == LogEvent.Level.ERROR || event.getLevel() == LogEvent.Level.WARN) {
            log.accept("image: " + event.getMessage());
        }
    }
}
