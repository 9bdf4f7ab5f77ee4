package livefeed.tools;

import livefeed.cli.UsageException;

/** A tool a command needs is not installed; the message is the one line that says how to install it. */
public final class ToolMissingException extends UsageException {
    private final Tool tool;

    public ToolMissingException(Tool tool) {
        super(tool.missingMessage());
        this.tool = tool;
    }

    public Tool tool() {
        return tool;
    }
}
