package io.doriscdc.streamload.internal;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchCompletion;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.RetryPolicy;
import io.doriscdc.streamload.StreamLoadSettings;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the scheduled executor (daemon threads {@code <name>-N-M}, started on first use) and the
 * deliveries in flight. Cancelling a returned future aborts its delivery, the request in flight
 * included. Thread-safe.
 */
public final class DeliveryRunner {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final StreamLoadSettings settings;
    private final DorisApi api;
    private final RetryPolicy retry;
    private final ScheduledThreadPoolExecutor executor;
    private final Set<Delivery> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public DeliveryRunner(StreamLoadSettings settings, DorisApi api, String threadName, int threads) {
        this.settings = settings;
        this.api = api;
        this.retry = new RetryPolicy(settings.maxAttempts(), settings.maxRetryTime(), settings.initialBackoff(), settings.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, threadName + "-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ScheduledThreadPoolExecutor(threads, tf);
        this.executor.setRemoveOnCancelPolicy(true);
        this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Delivers a batch whose payload is a {@code StreamLoadPayload}, loading with or without two-phase
     * commit and with {@code loadTimeout} as Doris's load timeout.
     */
    public CompletableFuture<DeliveryReceipt> submit(Batch batch, PipelineListener listener, boolean twoPhase, Duration loadTimeout) {
        Delivery[] self = new Delivery[1];
        BatchCompletion completion = new BatchCompletion(batch, listener, System::nanoTime, () -> active.remove(self[0]));
        Delivery.Mode mode = new Delivery.Mode(twoPhase, loadTimeout, api.canAskLoadState() ? settings.labelPollTimeout() : Duration.ZERO);
        Delivery d = new Delivery(completion, api, mode, retry, executor, System::nanoTime);
        self[0] = d;
        active.add(d);
        completion.future().whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                d.stop("load cancelled", true);
                active.remove(d);
            }
        });
        d.start();
        return completion.future();
    }

    /** Fails deliveries waiting for a retry, waits up to {@code wait} for requests in flight, then stops the threads. */
    public void close(Duration wait) {
        closed = true;
        for (Delivery d : active) {
            d.stop("transport closed", false);
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                active.forEach(d -> d.stop("transport closed", true));
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
