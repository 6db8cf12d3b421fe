package io.doriscdc.runtime.internal;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.runtime.InstanceState;
import io.doriscdc.runtime.InstanceStatus;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.internal.ha.HaCoordinator;
import io.doriscdc.runtime.internal.ha.LeaseLost;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps a started {@link io.doriscdc.runtime.Pipeline} going: its {@link PipelineRunner}, started
 * again from the slot after a lost PostgreSQL connection (after 1 s, then up to 30 s between
 * attempts) or when text values are needed; with high availability, its {@link HaCoordinator}: the
 * stream starts when this instance takes the lease and stops when it loses it. Checks every 200 ms
 * on a daemon thread of its own. Thread-safe.
 */
public final class PipelineSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineSupervisor.class);
    private static final long FIRST_BACKOFF_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final PipelineConfig config;
    private final HaCoordinator ha; // null without high availability
    private final ScheduledExecutorService thread;
    private PipelineRunner runner;
    private volatile boolean stopping;
    private volatile Throwable fatal; // a start after a connection loss failed for another reason
    private long backoffMs = FIRST_BACKOFF_MS;
    private long retryAtNanos = System.nanoTime(); // with high availability: no new start of the stream before this (supervisor thread only)
    private volatile boolean textValues; // set once a table gained a column whose binary form is not decoded
    private volatile Lsn lastAcknowledged = Lsn.INVALID;
    private volatile long lastMemoryHighWater;

    private PipelineSupervisor(PipelineConfig config, HaCoordinator ha) {
        this.config = config;
        this.ha = ha;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "doris-cdc-supervisor-" + config.slotName());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the pipeline: its stream at once without high availability; with it, first the lease,
     * and the stream if this instance takes it (else it stands by).
     *
     * @throws io.doriscdc.api.ConfigException when PostgreSQL or the transport is not usable (nothing is left running)
     */
    public static PipelineSupervisor start(PipelineConfig config) {
        if (!config.highAvailability()) {
            PipelineSupervisor s = new PipelineSupervisor(config, null);
            s.runner = s.startRunner();
            s.schedule();
            return s;
        }
        PipelineSupervisor s = new PipelineSupervisor(config, HaCoordinator.open(config));
        // the lease is renewed while the stream starts: a start longer than the lease timeout less an interval
        // (install, checks, a copy plan on a busy server) otherwise let the lease lapse before the first renewal,
        // and the instance stopped its fresh stream and claimed the lease again
        s.ha.start();
        try {
            if (s.ha.holds()) {
                s.startHeld(true);
            } else {
                LOG.info("pipeline {}: instance {} stands by: {}", config.slotName(), config.instanceId(), s.ha.status().detail());
            }
        } catch (RuntimeException | Error e) {
            s.thread.shutdownNow();
            s.ha.close(InstanceState.FAILED, String.valueOf(e.getMessage())); // a no-op when startHeld closed it already
            throw e;
        }
        s.schedule();
        return s;
    }

    private void schedule() {
        thread.scheduleWithFixedDelay(this::supervise, 200, 200, TimeUnit.MILLISECONDS);
    }

    private PipelineRunner startRunner() {
        Transport transport = Transports.load(config.transportScheme())
                .create(TransportConfig.of(config.transportSettings()), config.listener());
        try {
            return PipelineRunner.start(config, transport, textValues, ha == null ? LeaseGuard.NONE : ha);
        } catch (RuntimeException | Error e) {
            transport.close();
            throw e;
        }
    }

    /**
     * This instance holds the lease: starts streaming. A slot still held by the walsender of the
     * instance that lost the lease, or PostgreSQL out of reach, is tried again by the supervisor;
     * any other failure stops this instance (thrown from {@link #start}, else {@link #failure()}).
     */
    private void startHeld(boolean fromStart) {
        try {
            PipelineRunner next;
            ha.starting(true); // the lease renews meanwhile, but leaves the slot's walsender alone: it may be this start's
            try {
                next = startRunner();
            } finally {
                ha.starting(false);
            }
            synchronized (this) {
                if (stopping) {
                    next.stop();
                    return;
                }
                runner = next;
            }
            ha.streaming(true);
            backoffMs = FIRST_BACKOFF_MS;
            LOG.info("pipeline {}: instance {} streams (lease term {})", config.slotName(), config.instanceId(), ha.status().term());
        } catch (RuntimeException | Error e) { // an Error too: the lease is released, not renewed for a stream that never started
            ha.streaming(false);
            if (SlotBusy.isCause(e) || ConnectionLoss.isCause(e) || LeaseLost.isCause(e)) {
                // the old walsender is ending: soon again; PostgreSQL out of reach: back off
                long wait = SlotBusy.isCause(e) ? 300 : backoffMs;
                backoffMs = SlotBusy.isCause(e) ? backoffMs : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
                LOG.warn("pipeline {}: instance {} holds the lease but cannot stream yet: {}; trying again in {} ms", config.slotName(),
                        config.instanceId(), e.getMessage(), wait);
                return;
            }
            if (fromStart) {
                ha.close(InstanceState.FAILED, String.valueOf(e.getMessage()));
                throw e;
            }
            LOG.error("pipeline {} cannot start: {}", config.slotName(), e.getMessage(), e);
            fatal = e;
            ha.close(InstanceState.FAILED, String.valueOf(e.getMessage()));
        }
    }

    /** Follows the lease (with high availability), and restarts a runner that lost its PostgreSQL connection. */
    private void supervise() {
        if (stopping || fatal != null) {
            return;
        }
        if (ha != null && !superviseLease()) {
            return;
        }
        PipelineRunner current;
        synchronized (this) {
            current = runner;
        }
        Optional<Throwable> failed = current == null ? Optional.empty() : current.failure();
        if (failed.isEmpty()) {
            return;
        }
        if (!restartable(failed.get())) {
            failedForGood(current, failed.get());
            return;
        }
        if (TextValuesNeeded.isCause(failed.get())) {
            textValues = true; // for good: a replay reads the same Relation message again
            LOG.warn("pipeline {}: {}; starting again from the slot with text values", config.slotName(), failed.get().getMessage());
        } else {
            LOG.warn("pipeline {} lost its PostgreSQL connection ({}); starting again from the slot in {} ms",
                    config.slotName(), failed.get().getMessage(), backoffMs);
        }
        stopRunner(current);
        sleep(backoffMs);
        if (ha != null) {
            if (ha.renewNow()) {
                startHeld(false); // it resets the backoff, or grows it
            }
            return; // else the lease thread claims the lease again once it is free, and superviseLease() starts the stream
        }
        try {
            PipelineRunner next = startRunner();
            synchronized (this) {
                if (stopping) {
                    next.stop();
                    return;
                }
                runner = next;
            }
            backoffMs = FIRST_BACKOFF_MS;
            LOG.info("pipeline {} started again from the slot", config.slotName());
        } catch (RuntimeException e) {
            if (!ConnectionLoss.isCause(e)) {
                LOG.error("pipeline {} cannot start again: {}", config.slotName(), e.getMessage(), e);
                fatal = e;
                return;
            }
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            LOG.warn("pipeline {} cannot reach PostgreSQL yet ({}); trying again in {} ms", config.slotName(), e.getMessage(), backoffMs);
        }
    }

    /**
     * A failure no restart mends (a table or Doris error under {@code stop-pipeline}, a thread that
     * died): the runner's threads end (the reader closes the connection that holds the slot) and,
     * with high availability, the lease is released, so that a standby takes over at once instead of
     * this instance renewing a lease it no longer streams under.
     */
    private void failedForGood(PipelineRunner current, Throwable failure) {
        LOG.error("pipeline {} failed: {}", config.slotName(), failure.getMessage() == null ? failure.toString() : failure.getMessage());
        fatal = failure;
        current.stop(); // it stays the runner: its status and failure are still asked for
        lastAcknowledged = current.acknowledged();
        if (ha != null) {
            ha.streaming(false);
            ha.close(InstanceState.FAILED, String.valueOf(failure.getMessage()));
        }
    }

    /**
     * Stops the stream of an instance that no longer holds the lease, starts it when the lease was
     * taken. Returns whether a runner is there for {@link #supervise()} to watch.
     */
    private boolean superviseLease() {
        PipelineRunner current;
        synchronized (this) {
            current = runner;
        }
        if (current != null && !ha.holds()) {
            String why = ha.status().detail();
            LOG.warn("pipeline {}: instance {} no longer holds the lease ({}); it stops streaming and stands by", config.slotName(),
                    config.instanceId(), why);
            stopRunner(current);
            ha.standBy(why);
            return false;
        }
        if (current == null) {
            if (ha.holds() && System.nanoTime() - retryAtNanos >= 0) {
                startHeld(false);
            }
            return false;
        }
        return true;
    }

    /**
     * Stops a runner: while this instance holds the lease (or without high availability), what it read
     * is delivered; once it lost the lease, it is abandoned instead (issue 23 finding 2): a deposed
     * instance's batch delivered after the new holder's TRUNCATE would bring back rows the TRUNCATE
     * removed, since a Doris TRUNCATE leaves no version behind to stop it.
     */
    private void stopRunner(PipelineRunner r) {
        synchronized (this) {
            if (runner == r) {
                runner = null;
            }
        }
        if (ha != null) {
            ha.streaming(false);
        }
        if (ha != null && !ha.holds()) {
            r.abandon();
        } else {
            r.stop();
        }
        lastAcknowledged = r.acknowledged();
        lastMemoryHighWater = Math.max(lastMemoryHighWater, r.memoryHighWater());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // a backoff between reconnection attempts, on the supervisor's own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Delivers and acknowledges what was read, then closes the slot connection and the transport;
     * with high availability, releases the lease so that a standby takes over at once. Idempotent.
     */
    public void stop() {
        stopping = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PipelineRunner r;
        synchronized (this) {
            r = runner;
        }
        if (r != null) {
            stopRunner(r);
        }
        if (ha != null) {
            ha.close(fatal != null ? InstanceState.FAILED : InstanceState.STOPPED, fatal != null ? String.valueOf(fatal.getMessage()) : "stopped");
        }
    }

    /** What this instance does. */
    public InstanceStatus instance() {
        HaCoordinator h = ha;
        PipelineRunner r = current();
        boolean streaming = r != null && r.isRunning();
        java.time.Instant now = java.time.Instant.now();
        if (fatal != null || failure().isPresent()) {
            return new InstanceStatus(config.instanceId(), InstanceState.FAILED, false, h == null ? 0 : h.status().term(),
                    String.valueOf(failure().map(Throwable::getMessage).orElse("failed")), now);
        }
        if (stopping) {
            return new InstanceStatus(config.instanceId(), InstanceState.STOPPED, false, 0, "stopped", now);
        }
        // waiting for Doris is not streaming: /health/ready answers 503 with the reason until Doris takes the batch
        java.util.Optional<String> waiting = streaming ? r.waitingForDoris() : java.util.Optional.empty();
        if (h != null) {
            InstanceStatus s = h.status();
            boolean active = s.state() == InstanceState.ACTIVE;
            return new InstanceStatus(s.instanceId(), s.state(), active && streaming && waiting.isEmpty(), s.term(),
                    active && waiting.isPresent() ? waiting.get() : s.detail(), s.since());
        }
        return new InstanceStatus(config.instanceId(), InstanceState.ACTIVE, streaming && waiting.isEmpty(), 0,
                waiting.orElse(streaming ? "streaming" : "reconnecting"), now);
    }

    /** Why the pipeline stopped on its own, if it did (a lost connection it is reconnecting after does not count). */
    public synchronized Optional<Throwable> failure() {
        if (fatal != null) {
            return Optional.of(fatal);
        }
        Optional<Throwable> f = runner == null ? Optional.empty() : runner.failure();
        return f.isPresent() && !stopping && restartable(f.get()) ? Optional.empty() : f;
    }

    /**
     * True between {@link #start} and a stop or a failure: also while it starts again after a lost
     * PostgreSQL connection, and while it stands by.
     */
    public synchronized boolean isRunning() {
        if (stopping || fatal != null) {
            return false;
        }
        if (runner == null) {
            return ha != null; // standing by, or about to stream
        }
        if (runner.isRunning()) {
            return true;
        }
        // starting again after a lost connection counts as running: nothing failed for good
        Optional<Throwable> f = runner.failure();
        return fatal == null && f.isPresent() && restartable(f.get());
    }

    /**
     * A failure the pipeline starts again after, from the slot: a lost connection, or text values
     * needed; with high availability also a lost lease or a slot still held by a deposed instance.
     */
    private boolean restartable(Throwable failure) {
        return ConnectionLoss.isCause(failure) || TextValuesNeeded.isCause(failure)
                || (ha != null && (LeaseLost.isCause(failure) || SlotBusy.isCause(failure)));
    }

    /** The runner that streams now, or null (standing by, restarting, stopped). */
    public synchronized PipelineRunner current() {
        return runner;
    }

    /** Why the runner is missing, for a control call that needs one. */
    public String notStreaming() {
        InstanceStatus s = instance();
        return "instance " + config.instanceId() + " of pipeline " + config.slotName() + " does not stream (" + s.state() + ": "
                + s.detail() + "); call the active instance, or use the SQL control plane (doris_cdc.add_table, ...)";
    }

    /** The position last reported to PostgreSQL as flushed, by the current runner or the last one. */
    public Lsn acknowledged() {
        PipelineRunner r = current();
        return r == null ? lastAcknowledged : r.acknowledged();
    }

    /** The memory high-water mark of every runner so far. */
    public long memoryHighWater() {
        PipelineRunner r = current();
        return r == null ? lastMemoryHighWater : Math.max(lastMemoryHighWater, r.memoryHighWater());
    }
}
