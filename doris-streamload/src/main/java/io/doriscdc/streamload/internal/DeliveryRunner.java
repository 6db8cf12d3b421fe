package io.doriscdc.streamload.internal;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.streamload.StreamLoadSettings;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the transport's scheduled executor (daemon threads {@code doris-streamload-N}, started on first
 * use) and the deliveries in flight. Thread-safe.
 */
public final class DeliveryRunner {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final StreamLoadSettings settings;
    private final DorisApi api;
    private final PipelineListener listener;
    private final Backoff backoff;
    private final ScheduledThreadPoolExecutor executor;
    private final Set<Delivery> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public DeliveryRunner(StreamLoadSettings settings, DorisApi api, PipelineListener listener, Backoff backoff) {
        this.settings = settings;
        this.api = api;
        this.listener = listener;
        this.backoff = backoff;
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "doris-streamload-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ScheduledThreadPoolExecutor(settings.ioThreads(), tf);
        this.executor.setRemoveOnCancelPolicy(true);
        this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public boolean isClosed() {
        return closed;
    }

    public CompletableFuture<DeliveryReceipt> submit(Batch batch) {
        Delivery[] self = new Delivery[1];
        Delivery d = new Delivery(batch, api, settings, listener, executor, backoff, System::nanoTime, () -> active.remove(self[0]));
        self[0] = d;
        active.add(d);
        d.start();
        return d.future;
    }

    /** Fails deliveries waiting for a retry, waits up to {@code wait} for requests in flight, then stops the threads. */
    public void close(Duration wait) {
        closed = true;
        for (Delivery d : active) {
            d.close();
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
