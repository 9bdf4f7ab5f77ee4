package livefeed.tools;

import livefeed.errors.InvalidInput;

/** A tool a command needs is not installed; the message is the one line that says how to install it. */
public final class ToolMissingException extends InvalidInput {
    private final Tool tool;

    public ToolMissingException(Tool tool) {
        this(tool, "");
    }

    /** @param why what kept it from being provisioned, appended to the install hint (empty: nothing) */
    public ToolMissingException(Tool tool, String why) {
        super(tool.missingMessage() + why);
        this.tool = tool;
    }

    public Tool tool() {
        return tool;
    }
}
