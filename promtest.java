///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Checks and tests the Prometheus rules, alerts, Alertmanager config and dashboard under ops/.
//DEPS info.picocli:picocli:4.7.7
//SOURCES livefeed/cli/*.java
//SOURCES livefeed/tools/*.java

import livefeed.cli.Programs;
import livefeed.cli.VersionProvider;
import picocli.CommandLine.Command;

@Command(name = "promtest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "promtool checks and alert unit tests for ops/, plus rule lint and test coverage.")
public class promtest {

    public static void main(String... args) {
        System.exit(Programs.run(new promtest(), args));
    }
}
