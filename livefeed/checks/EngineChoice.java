package livefeed.checks;

import java.nio.file.Path;
import java.util.Optional;
import livefeed.errors.InvalidInput;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;

/** Which engine runs promtool and amtool: the local promtool, the pinned image through Docker, or the first that is there. */
public enum EngineChoice {
    AUTO, LOCAL, DOCKER;

    public PromtoolEngine open(ToolFinder tools) {
        return switch (this) {
            case LOCAL -> LocalEngine.open(tools);
            case DOCKER -> {
                if (!tools.dockerEngineAnswers()) {
                    String why = whyNoEngine(tools);
                    Optional<Path> promtool = tools.find(Tool.PROMTOOL);
                    throw new InvalidInput("engine", name -> name + " docker: no Docker engine answers: " + why + " "
                            + localInstead(promtool, name));
                }
                yield new ContainerEngine();
            }
            case AUTO -> {
                if (tools.find(Tool.PROMTOOL).isPresent() || !tools.dockerEngineAnswers()) {
                    yield LocalEngine.open(tools);   // provisions promtool where allowed, else says how to get it
                }
                yield new ContainerEngine();
            }
        };
    }

    /** What is missing for the docker engine: the CLI, or the engine behind it. */
    private static String whyNoEngine(ToolFinder tools) {
        return tools.find(Tool.DOCKER)
                .map(docker -> "the docker CLI at " + docker + " reaches no engine; start Docker (Docker Desktop, or"
                        + " the docker service).")
                .orElseGet(Tool.DOCKER::missingMessage);
    }

    /** The way round it: the promtool that is here, or the one the local engine would fetch. */
    private static String localInstead(Optional<Path> installed, String setting) {
        return installed
                .map(promtool -> "Or use promtool, which is installed (" + promtool + "): " + setting + " local.")
                .orElse("Or use " + setting + " local, which fetches the pinned promtool ("
                        + Tool.PROMTOOL.release().folderName() + ").");
    }
}
