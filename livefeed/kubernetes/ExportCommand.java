//DEPS info.picocli:picocli:4.7.7
package livefeed.kubernetes;

import java.util.concurrent.Callable;
import livefeed.cli.UsageException;
import picocli.CommandLine.Command;

/** {@code export}: translations of ops/ for other engines; today Kubernetes. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Exports ops/ (rules, alerts, routing, dashboard) and the connector for another engine.",
        subcommands = ExportKubernetesCommand.class)
public class ExportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("export what? name the target: export kubernetes (see export --help)");
    }
}
