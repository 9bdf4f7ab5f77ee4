//DEPS info.picocli:picocli:4.7.7
package livefeed.telegram;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import livefeed.alertmanager.TelegramInboxSecrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code observability.java telegram-inbox}: the stack's Telegram stand-in as a service (the native stack starts it
 * detached, compose as a service of the alerting profile). Listens on loopback only; the throwaway token and chat id
 * are read from files, never taken as arguments. Runs until SIGTERM or Ctrl-C.
 */
@Command(name = "telegram-inbox", hidden = true, mixinStandardHelpOptions = true,
        description = "Serves the Telegram Bot API stand-in that keeps Alertmanager's messages (started by 'up').")
public class TelegramInboxCommand implements Callable<Integer> {
    @Option(names = "--port", required = true, paramLabel = "PORT") int port;
    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Default: ${DEFAULT-VALUE}; compose: 0.0.0.0 inside its container, published nowhere.") String bind;
    @Option(names = "--secrets", required = true, paramLabel = "DIR",
            description = "Folder with telegram_bot_token and telegram_chat_id.") Path secrets;
    @Option(names = "--inbox", required = true, paramLabel = "FILE", description = "The append-only message file.") Path inbox;

    @Override
    public Integer call() throws Exception {
        String token = TelegramInboxSecrets.token(secrets);
        String chatId = TelegramInboxSecrets.chatId(secrets);
        TelegramStandIn standIn = TelegramStandIn.start(new java.net.InetSocketAddress(bind, port), token, chatId,
                new Inbox(inbox));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standIn.close();
            stopped.countDown();
        }, "telegram-inbox-stop"));
        System.out.println("telegram-inbox: serving the Telegram Bot API stand-in on " + bind + ":" + standIn.port()
                + ", keeping every message in " + inbox);
        System.out.flush();
        stopped.await();
        return 0;
    }
}
