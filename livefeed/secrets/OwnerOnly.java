package livefeed.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Files and folders only their owner can read: the Telegram token is in the rendered Alertmanager config, in the
 * secrets files and, after a failed delivery, in Alertmanager's log ({@code /bot<token>/sendMessage}). POSIX: folders
 * 0700, files 0600, set when created (never a moment readable by others). Windows (no POSIX permissions): an ACL with
 * one entry, the owner with full access, inherited by what the folder holds.
 */
public final class OwnerOnly {
    private OwnerOnly() {}

    /** Creates {@code dir} and missing parents as owner-only folders, and makes {@code dir} itself owner-only. */
    public static Path directory(Path dir) {
        Path absolute = dir.toAbsolutePath();
        try {
            if (!Files.isDirectory(absolute)) {
                if (absolute.getParent() != null) {
                    Files.createDirectories(absolute.getParent());
                }
                if (posix(absolute.getParent())) {
                    Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(absolute);
                }
            }
            restrict(absolute);
            return absolute;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the private folder " + absolute + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code content} to {@code target} atomically, owner-only from the first byte. */
    public static void write(Path target, String content) {
        Path absolute = target.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            Path temp = posix(absolute.getParent())
                    ? Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
            try {
                restrict(temp);
                Files.writeString(temp, content, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + absolute + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code file} empty and owner-only if it is missing (a log that will be appended to), else restricts it. */
    public static void file(Path file) {
        try {
            if (!Files.exists(file)) {
                if (posix(file.toAbsolutePath().getParent())) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
            }
            restrict(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " private: " + e.getMessage(), e);
        }
    }

    /** Makes an existing file or folder owner-only (0600 / 0700, or the owner-only ACL). */
    public static void restrict(Path path) throws IOException {
        if (posix(path)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwx------" : "rw-------"));
        } else if (Files.getFileAttributeView(path, AclFileAttributeView.class) != null) {
            Set<AclEntryFlag> inherit = Files.isDirectory(path)
                    ? EnumSet.of(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT) : EnumSet.noneOf(AclEntryFlag.class);
            AclEntry owner = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(Files.getOwner(path))
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).setFlags(inherit).build();
            Files.getFileAttributeView(path, AclFileAttributeView.class).setAcl(List.of(owner));
        }
    }

    /** Like {@link #restrict} where possible, silently not where the file is not ours to change (a read-only mount). */
    public static void tryRestrict(Path path) {
        try {
            if (Files.exists(path)) {
                restrict(path);
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Not ours to change: the owner keeps what they set.
        }
    }

    private static boolean posix(Path path) {
        return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
