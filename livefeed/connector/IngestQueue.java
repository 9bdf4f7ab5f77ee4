package livefeed.connector;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the WebSocket receive threads and the processing thread: frames with their venue and
 * receive time, in preallocated arrays (no node per frame). Bounded twice: by frames, and by their total size in
 * characters (a byte each for the ASCII JSON venues send; a frame can be megabytes, so a count alone bounds nothing).
 * When either is reached, a frame is refused (the caller counts it as dropped): memory stays bounded whatever the
 * consumer does.
 */
public final class IngestQueue {
    private final String[] frames;
    private final int[] venues;
    private final long[] receivedMicros;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final long maxChars;
    private int head, size;
    private long chars;
    private volatile int depth;
    private static final int SPINS = 1000;

    /** Default size bound: 64 Mi characters, far above 65,536 frames of the few hundred bytes a trade takes. */
    public static final long DEFAULT_MAX_CHARS = 64L << 20;

    public IngestQueue(int capacity) {
        this(capacity, DEFAULT_MAX_CHARS);
    }

    public IngestQueue(int capacity, long maxChars) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1");
        }
        if (maxChars < 1) {
            throw new IllegalArgumentException("queue size bound must be at least 1 character");
        }
        this.maxChars = maxChars;
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

    /** The size bound, in characters. */
    public long maxChars() {
        return maxChars;
    }

    /** Characters of the frames waiting now. */
    public long sizeInChars() {
        lock.lock();
        try {
            return chars;
        } finally {
            lock.unlock();
        }
    }

    /** Adds a frame; false (and nothing kept) when the queue is full by count or by size. */
    public boolean offer(int venue, String frame, long receivedAtMicros) {
        lock.lock();
        try {
            if (size == frames.length || chars + frame.length() > maxChars) {
                return false;
            }
            chars += frame.length();
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
                chars -= frames[at].length();
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
