//DEPS info.picocli:picocli:4.7.7
package livefeed.telegram;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import livefeed.cli.ExitCode;
import livefeed.cli.ProjectRoot;
import livefeed.stack.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code observability.java inbox}: the messages the stack's Telegram stand-in kept, as a reader of the chat would
 * see them (time, alert, status, the text as Telegram renders it), refused ones with Telegram's own error.
 */
@Command(name = "inbox", mixinStandardHelpOptions = true,
        description = {"The Telegram messages Alertmanager sent to the stack's Telegram inbox (up --alerting without "
                + "Telegram secrets): time, alert, status and the text as Telegram shows it; a message Telegram would "
                + "refuse is shown as refused, with Telegram's error.",
                "Exit 0 (also when there is no message yet)."})
public class InboxCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The native stack's state folder (default: .state in the project, or LIVEFEED_STATE_DIR).")
    Path stateDir;

    @Option(names = {"-f", "--follow"}, description = "Keep printing messages as they arrive, until interrupted.")
    boolean follow;

    @Option(names = "--json", description = "JSON: an array of messages; with --follow, one message object per line.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> env = System.getenv();
        StateDir state = StateDir.resolve(stateDir, env, ProjectRoot.find(env));
        Inbox inbox = new Inbox(state.telegramInbox());
        PrintStream out = System.out;
        Inbox.Page page = inbox.readFrom(0);
        if (json && !follow) {
            out.println("[" + String.join(",\n", page.entries().stream().map(Inbox.Entry::toJson).toList()) + "]");
            return ExitCode.OK;
        }
        if (page.entries().isEmpty() && !json) {
            out.println("no messages in " + inbox.file() + (follow ? " yet; waiting (Ctrl-C ends)" : " (the Telegram "
                    + "inbox keeps Alertmanager's messages when the stack runs with --alerting and no Telegram secrets)"));
        }
        print(page.entries(), out);
        while (follow) {
            Thread.sleep(500);
            page = inbox.readFrom(page.nextOffset());
            print(page.entries(), out);
        }
        return ExitCode.OK;
    }

    private void print(List<Inbox.Entry> entries, PrintStream out) {
        for (Inbox.Entry e : entries) {
            if (json) {
                out.println(e.toJson());
                continue;
            }
            out.println(TIME.format(e.receivedAt()) + "  " + (e.alert().isEmpty() ? "(no alert named)" : e.alert())
                    + "  " + (e.status().isEmpty() ? "-" : e.status()) + "  "
                    + (e.delivered() ? "delivered" : "REFUSED by Telegram's rules: " + e.errorCode() + " " + e.description()));
            String text = e.delivered() ? e.rendered() : e.text();
            text.lines().forEach(line -> out.println("    " + line));
            out.println();
        }
        out.flush();
    }
}
