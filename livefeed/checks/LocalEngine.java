package livefeed.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;

/** promtool and amtool on this machine (found, or provisioned where allowed, by {@link ToolFinder}). */
final class LocalEngine implements PromtoolEngine {
    private static final Pattern VERSION = Pattern.compile("version (\\d+\\.\\d+\\.\\d+)");

    private final Path promtool;
    private final Optional<Path> amtool;
    private final String version;

    private LocalEngine(Path promtool, Optional<Path> amtool) {
        this.promtool = promtool;
        this.amtool = amtool;
        ToolRun run = exec(promtool, Path.of("").toAbsolutePath(), List.of("--version"));
        Matcher m = VERSION.matcher(run.output());
        this.version = m.find() ? m.group(1) : "unknown";
    }

    static LocalEngine open(ToolFinder tools) {
        return new LocalEngine(tools.require(Tool.PROMTOOL), tools.obtain(Tool.AMTOOL));
    }

    @Override
    public String description() {
        return "promtool " + version + " at " + promtool;
    }

    @Override
    public String promtoolVersion() {
        return version;
    }

    @Override
    public ToolRun promtool(Path workDir, List<String> args) {
        return exec(promtool, workDir, args);
    }

    @Override
    public ToolRun amtool(Path workDir, List<String> args) {
        return amtool.map(path -> exec(path, workDir, args))
                .orElseGet(() -> new ToolRun(127, Tool.AMTOOL.missingMessage()));
    }

    private static ToolRun exec(Path tool, Path workDir, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new ToolRun(124, output + "\n" + tool.getFileName() + " timed out");
            }
            return new ToolRun(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ToolRun(130, "interrupted");
        }
    }
}
