package livefeed.prom;

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
                    throw new UsageException("--engine docker: no Docker engine answers; start one, or use"
                            + " --engine local with promtool installed (" + Tool.PROMTOOL.missingMessage() + ")");
                }
                yield new ContainerEngine();
            }
            case AUTO -> {
                if (tools.find(Tool.PROMTOOL).isPresent()) {
                    yield LocalEngine.open(tools);
                }
                if (tools.dockerEngineAnswers()) {
                    yield new ContainerEngine();
                }
                throw new UsageException("no promtool on PATH and no Docker engine for the "
                        + ContainerEngine.PROMETHEUS_IMAGE + " image. " + Tool.PROMTOOL.missingMessage());
            }
        };
    }
}
