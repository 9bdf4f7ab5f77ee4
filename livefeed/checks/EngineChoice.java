package livefeed.checks;

import livefeed.cli.UsageException;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;

/** {@code --engine}: the local promtool, the pinned image through Docker, or the first that is there. */
public enum EngineChoice {
    AUTO, LOCAL, DOCKER;

    public PromtoolEngine open(ToolFinder tools) {
        return switch (this) {
            case LOCAL -> LocalEngine.open(tools);
            case DOCKER -> {
                if (!tools.dockerEngineAnswers()) {
                    throw new UsageException("--engine docker: no Docker engine answers: " + whyNoEngine(tools)
                            + " " + localInstead(tools));
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

    /** What is missing for --engine docker: the CLI, or the engine behind it. */
    private static String whyNoEngine(ToolFinder tools) {
        return tools.find(Tool.DOCKER)
                .map(docker -> "the docker CLI at " + docker + " reaches no engine; start Docker (Docker Desktop, or"
                        + " the docker service).")
                .orElseGet(Tool.DOCKER::missingMessage);
    }

    /** The way round it: the promtool that is here, or the one --engine local would fetch. */
    private static String localInstead(ToolFinder tools) {
        return tools.find(Tool.PROMTOOL)
                .map(promtool -> "Or use promtool, which is installed (" + promtool + "): --engine local.")
                .orElse("Or use --engine local, which fetches the pinned promtool (" + Tool.PROMTOOL.release().folderName() + ").");
    }
}
