package livefeed.tools;

import java.util.function.UnaryOperator;
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

    /**
     * @param setting the setting that kept it from being provisioned ("offline")
     * @param why given the name that setting goes by, what kept the tool from being provisioned
     */
    public ToolMissingException(Tool tool, String setting, UnaryOperator<String> why) {
        super(setting, name -> tool.missingMessage() + why.apply(name));
        this.tool = tool;
    }

    public Tool tool() {
        return tool;
    }
}
