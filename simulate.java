///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Fault injection and alert drills, verified from the fault to the delivered notification.
//DEPS info.picocli:picocli:4.7.7
//SOURCES livefeed/cli/*.java

import livefeed.cli.Programs;
import livefeed.cli.VersionProvider;
import picocli.CommandLine.Command;

@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Injects faults into the connector and checks that the right alert fires and is delivered.")
public class simulate {

    public static void main(String... args) {
        System.exit(Programs.run(new simulate(), args));
    }
}
