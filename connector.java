///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Live feed connector: venue WebSocket feeds to trades, time bars and features, with /healthz and /metrics.
//DEPS info.picocli:picocli:4.7.7
//SOURCES livefeed/cli/*.java

import java.util.concurrent.Callable;
import livefeed.cli.Programs;
import livefeed.cli.VersionProvider;
import picocli.CommandLine.Command;

@Command(name = "connector", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Runs the live feed connector (the embedded simulated venue unless --venue says otherwise).",
        subcommands = {connector.Replay.class, connector.Bench.class})
public class connector implements Callable<Integer> {

    public static void main(String... args) {
        System.exit(Programs.run(new connector(), args));
    }

    @Override
    public Integer call() {
        System.err.println("connector: the live run lands with issue #3");
        return 1;
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, description = "Replays recorded frames into bars.")
    static class Replay implements Callable<Integer> {
        @Override
        public Integer call() {
            System.err.println("connector replay: lands with issue #3");
            return 1;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, description = "Measures throughput and latency.")
    static class Bench implements Callable<Integer> {
        @Override
        public Integer call() {
            System.err.println("connector bench: lands with issue #3");
            return 1;
        }
    }
}
