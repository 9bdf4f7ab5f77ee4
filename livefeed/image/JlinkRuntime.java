package livefeed.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import livefeed.errors.InvalidInput;

/**
 * A Java runtime holding only the modules the connector needs, made by {@code jlink} from the running JDK, and the
 * shared libraries of the machine it needs to start (there is no base image: the image is built from scratch).
 *
 * <p>Modules: what {@code jdeps --print-module-deps} finds in the connector's jars, plus {@value #SERVICE_MODULES}:
 * modules reached only through service loading, which jdeps cannot see ({@code jdk.crypto.ec} for the elliptic-curve
 * TLS the venues' wss:// endpoints negotiate).
 *
 * <p>Shared libraries: {@code ldd} of the launcher, the JVM and every native library of the runtime except the AWT,
 * font, sound and image ones (java.desktop comes in for {@code java.beans}, which Jackson uses; a headless connector
 * never loads its native parts). On a glibc machine that is the C library, libm, libz, libstdc++, libgcc_s and the
 * dynamic loader, copied at the paths the binaries name them by.
 */
final class JlinkRuntime {
    static final String SERVICE_MODULES = "jdk.crypto.ec";
    private static final Pattern NEVER_LOADED_HEADLESS = Pattern.compile(
            "lib(awt|awt_xawt|awt_headless|jawt|fontmanager|jsound|splashscreen|lcms|javajpeg|mlib_image)\\.so");
    private static final Pattern LDD_LINE = Pattern.compile("^\\s*(?:(\\S+) => )?(/\\S+) \\(0x[0-9a-f]+\\)\\s*$");

    private JlinkRuntime() {}

    /** The modules the connector's jars use, as jdeps prints them, plus the service-only ones. */
    static String modules(ConnectorArtifacts connector) {
        String classPath = String.join(java.io.File.pathSeparator, connector.dependencies().stream().map(Path::toString).toList());
        String out = run("jdeps", "--ignore-missing-deps", "--multi-release", String.valueOf(Runtime.version().feature()),
                "--print-module-deps", "--class-path", classPath, connector.applicationJar().toString()).strip();
        if (!out.matches("[a-z0-9.,]+")) {
            throw new IllegalStateException("jdeps printed no module list: " + out);
        }
        return out + "," + SERVICE_MODULES;
    }

    /** Links a runtime with {@code modules} into {@code out} (which must not exist). */
    static void link(String modules, Path out) {
        Path jmods = Path.of(System.getProperty("java.home"), "jmods");
        if (!Files.isDirectory(jmods)) {
            throw new InvalidInput("the running JDK (" + System.getProperty("java.home") + ") has no jmods folder,"
                    + " which jlink needs: use a full JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)");
        }
        run("jlink", "--module-path", jmods.toString(), "--add-modules", modules, "--strip-debug", "--no-header-files",
                "--no-man-pages", "--compress=2", "--output", out.toString());
    }

    /**
     * The machine's shared libraries the runtime in {@code runtime} needs: the path each binary asks for (a key, as
     * the image must hold it) and the file to copy there (symbolic links resolved).
     */
    static Map<String, Path> sharedLibraries(Path runtime) throws IOException {
        List<Path> binaries = new ArrayList<>();
        binaries.add(runtime.resolve("bin/java"));
        try (Stream<Path> libs = Files.walk(runtime.resolve("lib"))) {
            libs.filter(p -> p.getFileName().toString().endsWith(".so"))
                    .filter(p -> !NEVER_LOADED_HEADLESS.matcher(p.getFileName().toString()).matches())
                    .forEach(binaries::add);
        }
        Map<String, Path> needed = new LinkedHashMap<>();
        for (Path binary : binaries) {
            for (String line : ldd(binary).split("\n")) {
                Matcher m = LDD_LINE.matcher(line);
                if (!m.matches() || m.group(2).startsWith(runtime.toString())) {
                    continue;   // the vDSO, "not found" (the runtime's own libjvm, found by its RPATH), or the runtime's
                }
                needed.put(m.group(2), Path.of(m.group(2)).toRealPath());
            }
        }
        if (needed.keySet().stream().noneMatch(p -> p.contains("libc.so"))) {
            throw new InvalidInput("ldd found no C library for " + runtime + "/bin/java: 'image' needs a Linux"
                    + " machine with glibc");
        }
        return needed;
    }

    private static String ldd(Path binary) {
        try {
            Process process = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out;
        } catch (IOException e) {
            throw new InvalidInput("cannot run ldd (" + e.getMessage() + "): 'image' needs a Linux machine with glibc");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a JDK tool in this JVM (no extra process); fails with what it printed. */
    private static String run(String tool, String... args) {
        ToolProvider provider = ToolProvider.findFirst(tool).orElseThrow(() -> new InvalidInput(
                "the running Java (" + System.getProperty("java.home") + ") has no " + tool + ": run with a full JDK 17"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = provider.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        if (exit != 0) {
            throw new IllegalStateException(tool + " failed (exit " + exit + "): " + err.toString(StandardCharsets.UTF_8)
                    + out.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
