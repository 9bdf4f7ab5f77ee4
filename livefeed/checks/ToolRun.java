package livefeed.checks;

/** What one run of promtool or amtool left: its exit code and everything it printed. */
public record ToolRun(int exitCode, String output) {
    public boolean ok() {
        return exitCode == 0;
    }
}
