//DEPS org.apache.commons:commons-compress:1.28.0
package livefeed.tools;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a release archive (.tar.gz or .zip) into a folder, refusing any entry that would land outside it (a
 * {@code ../} name, an absolute path, a link that points out) and keeping the executable bits the archive records.
 */
final class ArchiveUnpacker {
    private static final Set<PosixFilePermission> EXECUTABLE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> PLAIN = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private ArchiveUnpacker() {}

    /** @param name the archive's file name, which says its format ({@code .zip} or {@code .tar.gz}) */
    static void unpack(Path archive, String name, Path into) {
        try {
            Files.createDirectories(into);
            if (name.endsWith(".zip")) {
                unzip(archive, name, into);
            } else {
                untar(archive, name, into);
            }
        } catch (IOException e) {
            throw new ProvisionException("cannot unpack " + name + ": " + e.getMessage(), e);
        }
    }

    private static void untar(Path archive, String name, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(archive))))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path target = inside(into, entry.getName(), name);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Path link = target.getParent().resolve(entry.getLinkName()).normalize();
                    if (!link.startsWith(into)) {
                        throw unsafe(name, entry.getName() + " -> " + entry.getLinkName());
                    }
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, target.getParent().relativize(link));
                } else if (entry.isFile()) {
                    write(tar, target, (entry.getMode() & 0100) != 0);
                } else {
                    throw unsafe(name, entry.getName() + " (neither a file, a folder nor a link)");
                }
            }
        }
    }

    private static void unzip(Path archive, String name, Path into) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            for (Enumeration<ZipArchiveEntry> entries = zip.getEntries(); entries.hasMoreElements(); ) {
                ZipArchiveEntry entry = entries.nextElement();
                Path target = inside(into, entry.getName(), name);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isUnixSymlink()) {
                    throw unsafe(name, entry.getName() + " (a link in a .zip)");
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        write(in, target, (entry.getUnixMode() & 0100) != 0);
                    }
                }
            }
        }
    }

    /** {@code into/name}, or an error when the name would leave {@code into}. */
    private static Path inside(Path into, String entryName, String archiveName) {
        Path target = into.resolve(entryName).normalize();
        if (entryName.startsWith("/") || entryName.startsWith("\\") || entryName.matches("[A-Za-z]:.*")
                || !target.startsWith(into)) {
            throw unsafe(archiveName, entryName);
        }
        return target;
    }

    private static void write(InputStream in, Path target, boolean executable) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        try {
            Files.setPosixFilePermissions(target, executable ? EXECUTABLE : PLAIN);
        } catch (UnsupportedOperationException windows) {
            // No POSIX permissions on this file system: Windows runs .exe files without an executable bit.
        }
    }

    private static ProvisionException unsafe(String archive, String entry) {
        return new ProvisionException(archive + " holds an unsafe entry (" + entry
                + "): it would be written outside its folder; nothing was installed");
    }
}
