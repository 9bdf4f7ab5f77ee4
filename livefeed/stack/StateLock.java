package livefeed.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import livefeed.errors.InvalidInput;

/**
 * One {@code up} or {@code down} at a time per state folder, so two of them cannot start the same service twice. The
 * OS releases the lock when the holder exits, however it exits (the started services do not inherit it).
 */
final class StateLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateLock acquire(StateDir state) {
        try {
            Files.createDirectories(state.root());
            FileChannel channel = FileChannel.open(state.root().resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;   // held in this very process
            }
            if (lock == null) {
                channel.close();
                throw new InvalidInput("another 'up' or 'down' is working on " + state.root() + "; wait for it to finish");
            }
            return new StateLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + state.root() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
