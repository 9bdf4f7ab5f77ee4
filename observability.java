///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Runs the observability stack (connector, Prometheus, Alertmanager, Grafana) with docker compose or natively.
//DEPS info.picocli:picocli:4.7.7
//SOURCES livefeed/cli/*.java
//SOURCES livefeed/tools/*.java

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import livefeed.cli.Programs;
import livefeed.cli.VersionProvider;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;
import picocli.CommandLine.Command;

@Command(name = "observability", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Brings the Live Feed observability stack up and down, with docker compose or natively.",
        subcommands = {observability.Tools.class})
public class observability {

    public static void main(String... args) {
        System.exit(Programs.run(new observability(), args));
    }

    @Command(name = "tools", mixinStandardHelpOptions = true,
            description = "Lists the outside programs the stack uses, where they were found, and how to install the missing.")
    static class Tools implements Callable<Integer> {
        @Override
        public Integer call() {
            ToolFinder finder = new ToolFinder();
            for (Tool tool : Tool.values()) {
                Optional<Path> path = finder.find(tool);
                System.out.printf("%-15s %s%n", tool.displayName(), path.map(Path::toString).orElse("missing"));
                if (path.isEmpty()) {
                    System.out.println("                " + tool.missingMessage());
                }
            }
            System.out.printf("%-15s %s%n", "docker engine", finder.dockerEngineAnswers() ? "answers" : "not answering");
            return 0;
        }
    }
}
