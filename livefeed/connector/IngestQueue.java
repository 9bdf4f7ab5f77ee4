package livefeed.connector;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the WebSocket receive threads and the processing thread: frames with their venue and
 * receive time, in preallocated arrays (no node per frame). When full, a frame is refused (the caller counts it as
 * dropped): memory stays bounded whatever the consumer does.
 */
public final class IngestQueue {
    private final String[] frames;
    private final int[] venues;
    private final long[] receivedMicros;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private int head, size;
    private volatile int depth;
    private static final int SPINS = 1000;

    public IngestQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1");
        }
        frames = new String[capacity];
        venues = new int[capacity];
        receivedMicros = new long[capacity];
    }

    public int capacity() {
        return frames.length;
    }

    /** Frames waiting now. */
    public int depth() {
        return depth;
    }

    /** Adds a frame; false (and nothing kept) when the queue is full. */
    public boolean offer(int venue, String frame, long receivedAtMicros) {
        lock.lock();
        try {
            if (size == frames.length) {
                return false;
            }
            int tail = (head + size) % frames.length;
            frames[tail] = frame;
            venues[tail] = venue;
            receivedMicros[tail] = receivedAtMicros;
            depth = ++size;
            if (size == 1) {
                notEmpty.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code max} frames into the given arrays, waiting up to {@code timeoutNanos} for the first one.
     * Returns how many were moved (0 on timeout).
     */
    public int drainTo(String[] outFrames, int[] outVenues, long[] outReceived, int max, long timeoutNanos)
            throws InterruptedException {
        // Under a stream the next frame is microseconds away: a short spin saves a park and an unpark per frame
        // (a futex each), which would cost more than processing the frame.
        for (int i = 0; i < SPINS && depth == 0; i++) {
            Thread.onSpinWait();
        }
        lock.lock();
        try {
            long wait = timeoutNanos;
            while (size == 0) {
                if (wait <= 0) {
                    return 0;
                }
                wait = notEmpty.awaitNanos(wait);
            }
            int n = Math.min(max, size);
            for (int i = 0; i < n; i++) {
                int at = (head + i) % frames.length;
                outFrames[i] = frames[at];
                frames[at] = null;
                outVenues[i] = venues[at];
                outReceived[i] = receivedMicros[at];
            }
            head = (head + n) % frames.length;
            size -= n;
            depth = size;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a consumer blocked in {@link #drainTo} (used at shutdown). */
    public void wakeUp() {
        lock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
