package livefeed.stack;

import java.util.Optional;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;

/** Which backend runs the stack, and why, said in one line. */
public record BackendChoice(Backend backend, String reason) {

    /**
     * Compose where a Docker engine answers, native otherwise. A stack already up keeps its backend, so {@code down}
     * and {@code status} talk to what runs.
     */
    public static BackendChoice auto(Optional<StackState> running, ToolFinder tools) {
        if (running.isPresent()) {
            return new BackendChoice(running.get().backend(), "the stack that is up uses it, since "
                    + running.get().startedAt());
        }
        if (tools.find(Tool.DOCKER).isEmpty()) {
            return new BackendChoice(Backend.NATIVE, "the docker CLI is not installed");
        }
        if (!tools.dockerEngineAnswers()) {
            return new BackendChoice(Backend.NATIVE, "docker is installed but no Docker engine answers");
        }
        return new BackendChoice(Backend.COMPOSE, "a Docker engine answers");
    }

    @Override
    public String toString() {
        return "backend: " + backend + " (" + reason + ")";
    }
}
