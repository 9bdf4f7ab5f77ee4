package livefeed.connector;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import livefeed.faults.Faults;

/**
 * The processing thread: takes frames from the ingest queue in batches, runs each through its venue's lane, and closes
 * bars when the wall clock passes {@code end + grace} (waking exactly then, not polling). On stop it drains what is
 * queued, flushes the sink and ends.
 */
public final class Pipeline implements Runnable {
    private static final int BATCH = 512;

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
    private volatile boolean stopping;

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
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            Log.info("processing thread failed: " + e);
            e.printStackTrace();
        } finally {
            sink.flush();
            finished.countDown();
        }
    }

    private void loop() throws InterruptedException {
        while (true) {
            if (faults.consumerStalled() && !stopping) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));   // a drill: the consumer falls behind
                continue;
            }
            long now = System.currentTimeMillis();
            long delay = faults.barCloseDelayMillis();
            long due = nextCloseTime(now, delay);
            int n = queue.drainTo(frames, venues, received, BATCH, TimeUnit.MILLISECONDS.toNanos(Math.max(0, due - now)));
            for (int i = 0; i < n; i++) {
                VenueLane lane = lanes[venues[i]];
                if (recorder != null) {
                    recorder.write(lane.venue(), received[i], frames[i]);
                }
                lane.process(frames[i], received[i]);
                frames[i] = null;
            }
            now = System.currentTimeMillis();
            if (now >= due) {
                for (int v = 0; v < lanes.length; v++) {
                    lanes[v].aggregator().setFresh(fresh[v].getAsBoolean());
                    lanes[v].aggregator().setExtraGrace(delay);
                    lanes[v].advance(now);
                }
                if (recorder != null) {
                    recorder.closedAt(now - delay);
                }
                sink.flush();
            }
            if (n == 0 && stopping && queue.depth() == 0) {
                return;
            }
        }
    }

    /** The next wall-clock time at which a bar is due: the next interval boundary plus grace (and a drill's delay). */
    long nextCloseTime(long now, long extraDelay) {
        long lag = graceMillis + extraDelay;
        return (Math.floorDiv(now - lag, intervalMillis) + 1) * intervalMillis + lag;
    }

    /** Asks the thread to drain the queue and end; returns once it has (or after {@code timeoutMillis}). */
    public boolean stopAndDrain(long timeoutMillis) throws InterruptedException {
        stopping = true;
        queue.wakeUp();
        return finished.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
