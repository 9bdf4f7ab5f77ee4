package livefeed.connector;

import java.util.concurrent.CountDownLatch;

/**
 * SIGTERM and SIGINT (Ctrl-C) as a request to stop, not an abrupt exit: the program then stops intake, drains the
 * queue, flushes the sink and exits 0. A shutdown hook could not choose the exit code; the JDK's signal API can.
 */
public final class StopSignals {
    private StopSignals() {}

    /** A latch released by the first SIGTERM or SIGINT. */
    public static CountDownLatch install() {
        CountDownLatch stop = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
            } catch (IllegalArgumentException e) {
                Log.info("connector: cannot handle SIG" + signal + " here (" + e.getMessage() + ")");
            }
        }
        return stop;
    }
}
