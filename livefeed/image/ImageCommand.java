//DEPS info.picocli:picocli:4.7.7
package livefeed.image;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import livefeed.cli.ProjectRoot;
import livefeed.cli.UsageException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code image}: see {@link ConnectorImage}. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = {"Builds the connector's OCI image without Docker (Jib, from scratch, on a jlink'ed Java runtime):"
                + " non-root user 65532, port " + ConnectorImage.PORT + ", entrypoint the connector.",
                "--tar writes an image tarball (docker/podman load); --push sends it to a registry and prints the"
                + " reference by digest, for 'export kubernetes --image'. Exit 2 on bad input, 1 if the build fails."})
public class ImageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static class Target {
        @Option(names = "--tar", paramLabel = "FILE", description = "Write the image to this tarball.")
        Path tar;

        @Option(names = "--push", paramLabel = "REF", description = "Push to this reference, e.g. registry.example/live-connector:1.")
        String push;
    }

    @Option(names = "--name", paramLabel = "REF", defaultValue = "live-connector:latest",
            description = "With --tar: the name the tarball's image loads as (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        ConnectorImage image = new ConnectorImage(ProjectRoot.find(System.getenv()), line -> {
            out.println(line);
            out.flush();
        });
        if (target.tar != null) {
            ConnectorImage.Built built = image.toTar(target.tar, name);
            out.println("wrote " + built.reference() + " (image " + name + ", digest " + built.digest() + ")");
        } else {
            if (target.push.isBlank()) {
                throw new UsageException("--push needs an image reference, e.g. 127.0.0.1:5000/live-connector:1");
            }
            ConnectorImage.Built built = image.push(target.push);
            out.println("pushed " + built.reference());
            out.println("use it with: ./jbang observability.java export kubernetes --image " + built.reference());
        }
        out.flush();
        return 0;
    }
}
