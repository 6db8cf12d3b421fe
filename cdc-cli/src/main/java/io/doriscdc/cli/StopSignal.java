package io.doriscdc.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGTERM / Ctrl-C into a request that the command's own thread handles (stop the pipeline
 * gracefully, release the slot), while the JVM's shutdown hook waits for it to finish. Thread-safe.
 */
public final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Duration grace;
    private volatile int exitCode = ExitCodes.INTERRUPTED;

    private StopSignal(Duration grace) {
        this.grace = grace;
    }

    /** Installs the shutdown hook; {@code grace} bounds how long it waits for the command to clean up. */
    public static StopSignal install(Duration grace) {
        StopSignal s = new StopSignal(grace);
        Runtime.getRuntime().addShutdownHook(new Thread(s::onShutdown, "doris-cdc-stop"));
        return s;
    }

    private void onShutdown() {
        if (finished.getCount() == 0) {
            return; // the command ended on its own
        }
        requested.countDown();
        try {
            if (finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                // the command cleaned up after the request: end with its exit code rather than the signal's 143
                Runtime.getRuntime().halt(exitCode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code timeout} for a stop request; true when one came. */
    public boolean await(Duration timeout) {
        try {
            return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The command has cleaned up with this exit code: the shutdown hook may let the JVM end. */
    public void finished(int code) {
        System.out.flush();
        System.err.flush();
        exitCode = code;
        finished.countDown();
    }
}
