package livefeed.alertmanager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The throwaway bot token and chat id that Alertmanager and the stack's Telegram stand-in share when there are no
 * Telegram secrets: written once into the state folder (folder 0700, files 0600), in the layout of
 * ops/alertmanager/secrets ({@code telegram_bot_token}, {@code telegram_chat_id}), so the same renderer reads them.
 * The token is random, so no other program on the machine can post into the inbox by guessing it.
 */
public final class TelegramInboxSecrets {
    public static final String TOKEN_FILE = "telegram_bot_token";
    public static final String CHAT_ID_FILE = "telegram_chat_id";
    /** The stand-in's one chat. */
    public static final String CHAT_ID = "1";

    private TelegramInboxSecrets() {}

    public static void ensure(Path dir) {
        try {
            ownerOnlyFolder(dir.getParent());
            ownerOnlyFolder(dir);
            if (!Files.isRegularFile(dir.resolve(TOKEN_FILE)) || !Files.isRegularFile(dir.resolve(CHAT_ID_FILE))) {
                byte[] random = new byte[16];
                new SecureRandom().nextBytes(random);
                writeOwnerOnly(dir.resolve(CHAT_ID_FILE), CHAT_ID + "\n");
                writeOwnerOnly(dir.resolve(TOKEN_FILE), "100000:inbox-" + HexFormat.of().formatHex(random) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Telegram inbox's secrets in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The token in {@code dir}, read in memory (never printed or passed as an argument). */
    public static String token(Path dir) {
        try {
            return Files.readString(dir.resolve(TOKEN_FILE)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(TOKEN_FILE) + ": " + e.getMessage(), e);
        }
    }

    public static String chatId(Path dir) {
        try {
            return Files.readString(dir.resolve(CHAT_ID_FILE)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(CHAT_ID_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Whole or not at all: a temp file (created owner-only on POSIX) moved into place. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, content);
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void ownerOnlyFolder(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
