package io.doriscdc.streamload.internal;

import org.apache.hc.core5.concurrent.Cancellable;

/**
 * The HTTP request a delivery has in flight, so that another thread can abort it (a cancelled load: the
 * connection is closed, so Doris never sees the end of the body). Once aborted, every later request
 * registered here is aborted as it starts. Thread-safe.
 */
public final class InFlight {

    private Cancellable request;
    private boolean aborted;

    /** Registers the request about to run; aborts it at once if this was aborted. */
    synchronized void started(Cancellable r) {
        request = r;
        if (aborted) {
            r.cancel();
        }
    }

    synchronized void ended() {
        request = null;
    }

    /** Aborts the request in flight, if any, and every later one. */
    public void abort() {
        Cancellable r;
        synchronized (this) {
            aborted = true;
            r = request;
        }
        if (r != null) {
            r.cancel();
        }
    }
}
