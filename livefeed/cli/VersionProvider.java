package livefeed.cli;

import picocli.CommandLine.IVersionProvider;

/** One version for the four programs, printed by {@code --version}. */
public final class VersionProvider implements IVersionProvider {
    public static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {
            "Live Feed Ops " + VERSION,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
