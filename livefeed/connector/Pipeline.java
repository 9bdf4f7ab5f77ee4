package livefeed.connector;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import livefeed.bars.BarAggregator;
import livefeed.faults.Faults;

/**
 * The processing thread: takes frames from the ingest queue in batches, runs each through its venue's lane, and closes
 * bars when the wall clock passes {@code end + grace} (waking exactly then, not polling). On stop it drains what is
 * queued, flushes the sink and ends.
 * <p>No input ends it: a frame whose processing throws (a bug, a hostile frame; anything short of the VM failing) is
 * that frame's failure, counted as malformed; a failing close or flush is counted and retried on the next tick. It
 * beats a heartbeat at least once a second, so {@link #problem()} can tell /healthz when it died or is stuck.
 */
public final class Pipeline implements Runnable {
    private static final int BATCH = 512;
    /** The longest the thread waits for frames, so its heartbeat shows it alive. */
    private static final long MAX_WAIT_MILLIS = 1000;
    /** No heartbeat for this long: the thread is stuck (blocked on a sink, a drill's slow feature at worst). */
    private static final long STUCK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final IngestQueue queue;
    private final VenueLane[] lanes;
    private final BooleanSupplier[] fresh;
    private final BarSink sink;
    private final Faults faults;
    private final FrameRecorder recorder;
    private final long intervalMillis;
    private final long graceMillis;
    private final String[] frames = new String[BATCH];
    private final int[] venues = new int[BATCH];
    private final long[] received = new long[BATCH];
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Log.RateLimited tickFailureLog = new Log.RateLimited("processing: bar closes that failed", 5000);
    private volatile boolean stopping;
    private volatile long heartbeatNanos = System.nanoTime();
    private volatile String ended;
    private long lastHealthCheck;

    /** {@code recorder} may be null (no --record). */
    public Pipeline(IngestQueue queue, VenueLane[] lanes, BooleanSupplier[] fresh, BarSink sink, Faults faults,
            FrameRecorder recorder, long intervalMillis, long graceMillis) {
        this.recorder = recorder;
        this.queue = queue;
        this.lanes = lanes;
        this.fresh = fresh;
        this.sink = sink;
        this.faults = faults;
        this.intervalMillis = intervalMillis;
        this.graceMillis = graceMillis;
    }

    @Override
    public void run() {
        Throwable cause = null;
        try {
            loop();
        } catch (InterruptedException e) {
            cause = e;
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            cause = e;   // only what loop() lets through: the VM failing (out of memory)
            Log.info("processing thread failed: " + e);
            e.printStackTrace();
        } finally {
            if (!stopping || cause != null) {
                ended = "processing thread ended: " + (cause == null ? "returned" : cause.toString());
                Log.info(ended + "; " + queue.depth() + " frames waiting will not be processed");
            }
            sink.flush();
            finished.countDown();
        }
    }

    /** Why the processing thread is not processing (ended, or stuck for 10 s), or null; for /healthz. */
    public String problem() {
        String e = ended;
        if (e != null) {
            return e;
        }
        long silent = System.nanoTime() - heartbeatNanos;
        if (silent > STUCK_AFTER_NANOS && finished.getCount() > 0) {
            return String.format("processing thread stuck: no progress for %.0f s", silent / 1e9);
        }
        return null;
    }

    private void loop() throws InterruptedException {
        while (true) {
            heartbeatNanos = System.nanoTime();
            if (faults.consumerStalled() && !stopping) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));   // a drill: the consumer falls behind
                continue;
            }
            long now = System.currentTimeMillis();
            long delay = faults.barCloseDelayMillis();
            long due = nextCloseTime(now, delay);
            int n = queue.drainTo(frames, venues, received, BATCH,
                    TimeUnit.MILLISECONDS.toNanos(Math.max(0, Math.min(due - now, MAX_WAIT_MILLIS))));
            if (n > 0) {
                long wall = System.currentTimeMillis();
                for (VenueLane lane : lanes) {
                    lane.setWallClock(wall);
                }
            }
            for (int i = 0; i < n; i++) {
                processOne(lanes[venues[i]], frames[i], received[i]);
                frames[i] = null;
            }
            now = System.currentTimeMillis();
            if (now >= due) {
                closeBars(now, delay);
            }
            if (now - lastHealthCheck >= 1000) {
                lastHealthCheck = now;
                for (VenueLane lane : lanes) {
                    lane.checkDrops(now);
                }
            }
            if (n == 0 && stopping && queue.depth() == 0) {
                return;
            }
        }
    }

    private void processOne(VenueLane lane, String frame, long receivedMicros) {
        if (frame == FrameConsumer.SUBSCRIBED) {
            lane.reanchorIds();
            return;
        }
        try {
            if (recorder != null) {
                recorder.write(lane.venue(), receivedMicros, frame);
            }
            lane.process(frame, receivedMicros);
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            lane.frameFailed(frame, e);   // the stack has unwound: the next frame starts clean
        }
    }

    private void closeBars(long now, long delay) {
        for (int v = 0; v < lanes.length; v++) {
            try {
                lanes[v].aggregator().setFresh(fresh[v].getAsBoolean());
                lanes[v].aggregator().setExtraGrace(delay);
                lanes[v].advance(now);
            } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
                tickFailureLog.info("processing: closing bars of " + lanes[v].venue() + " failed (" + e
                        + "); retried on the next tick");
            }
        }
        if (recorder != null) {
            recorder.closedAt(now - delay);
        }
        sink.flush();
    }

    /** The next wall-clock time at which a bar is due: the next interval boundary plus grace (and a drill's delay). */
    long nextCloseTime(long now, long extraDelay) {
        return BarAggregator.nextCloseTime(now, intervalMillis, graceMillis + extraDelay);
    }

    /** Asks the thread to drain the queue and end; returns once it has (or after {@code timeoutMillis}). */
    public boolean stopAndDrain(long timeoutMillis) throws InterruptedException {
        stopping = true;
        queue.wakeUp();
        return finished.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
