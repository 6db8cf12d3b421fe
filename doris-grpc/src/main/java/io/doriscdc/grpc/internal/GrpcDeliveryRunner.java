package io.doriscdc.grpc.internal;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchCompletion;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.RetryPolicy;
import io.doriscdc.grpc.GrpcSettings;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the deliveries in flight and the transport's one daemon thread ({@code doris-grpc-N}): it runs
 * retries after their backoff and each finished call's outcome (completing futures, listener calls,
 * the next part), so that nothing of that runs on the Netty event loop. Thread-safe.
 */
public final class GrpcDeliveryRunner {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final GrpcSettings settings;
    private final GatewayChannels channels;
    private final PipelineListener listener;
    private final RetryPolicy retry;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Set<GrpcDelivery> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public GrpcDeliveryRunner(GrpcSettings settings, GatewayChannels channels, PipelineListener listener) {
        this.settings = settings;
        this.channels = channels;
        this.listener = listener;
        this.retry = new RetryPolicy(settings.maxAttempts(), settings.maxRetryTime(), settings.initialBackoff(), settings.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        int pool = POOLS.incrementAndGet();
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "doris-grpc-" + pool);
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public boolean isClosed() {
        return closed;
    }

    public CompletableFuture<DeliveryReceipt> submit(Batch batch) {
        GrpcDelivery[] self = new GrpcDelivery[1];
        BatchCompletion completion = new BatchCompletion(batch, listener, System::nanoTime, () -> active.remove(self[0]));
        GrpcDelivery d = new GrpcDelivery(completion, settings, retry, channels, scheduler);
        self[0] = d;
        active.add(d);
        d.start();
        return completion.future();
    }

    /**
     * Fails deliveries waiting for a retry, waits up to {@code wait} for calls in flight to be answered,
     * cancels what is left (its batch fails retryable; re-delivering it under its label is safe).
     */
    public void close(Duration wait) {
        closed = true;
        for (GrpcDelivery d : active) {
            d.close(false);
        }
        long until = System.nanoTime() + wait.toNanos();
        for (GrpcDelivery d : active) {
            try {
                d.future().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // failed or still running: cancelled below
            }
        }
        active.forEach(d -> d.close(true));
        scheduler.shutdownNow();
    }
}
