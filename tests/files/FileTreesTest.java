package livefeed.files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one recursive delete: everything below goes, a missing folder is fine, a link's target stays. */
class FileTreesTest {
    @TempDir
    Path dir;

    @Test
    void a_folder_goes_with_everything_below_it_and_a_missing_one_is_no_error() throws IOException {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("a/b/c"));
        Files.writeString(tree.resolve("a/b/c/file"), "x");
        Files.writeString(tree.resolve("top"), "y");
        FileTrees.delete(tree);
        assertFalse(Files.exists(tree));
        FileTrees.delete(tree);
        FileTrees.deleteQuietly(tree);
        FileTrees.deleteQuietly(null);
    }

    @Test
    void a_link_inside_is_removed_but_what_it_points_at_is_kept() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "kept");
        Path tree = Files.createDirectories(dir.resolve("tree"));
        try {
            Files.createSymbolicLink(tree.resolve("link"), outside);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links cannot be made here: " + e);
        }
        FileTrees.delete(tree);
        assertFalse(Files.exists(tree));
        assertTrue(Files.exists(outside.resolve("keep")));
    }
}
