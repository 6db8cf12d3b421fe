package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader thread: reads pgoutput frames from the slot with pgjdbc and offers them to the
 * {@link FrameRing}. When the ring is full it stops reading but keeps answering the walsender with
 * status updates (ARCHITECTURE.md invariant 4), and it reports as flushed only what the worker
 * says is committed in Doris (invariant 1).
 *
 * <p>Thread-safety: {@link #run()} on its own thread; {@link #acknowledge(long)} and
 * {@link #stop()} from any thread.
 */
public final class ReplicationSource implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationSource.class);
    private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Connection connection;
    private final String slot;
    private final long startLsn;
    private final Map<String, String> options;
    private final Duration statusInterval;
    private final FrameRing ring;
    private final AtomicLong acknowledged;
    private final AtomicLong lastReceived = new AtomicLong();
    private final AtomicLong lastFlushed = new AtomicLong();
    private volatile boolean running = true;
    private volatile String failpoint = ""; // Failpoints: where a test may freeze this reader

    /** Names the point where a test may freeze this reader ({@link Failpoints}). */
    void failpoint(String name) {
        failpoint = name;
    }
    private volatile boolean paused;
    private volatile Throwable failure;
    private volatile PGReplicationStream stream;

    /**
     * @param connection a replication connection ({@code replication=database}, simple query mode), owned from now on
     * @param options the pgoutput options (proto_version, publication_names, binary, messages, streaming)
     */
    public ReplicationSource(Connection connection, String slot, long startLsn, Map<String, String> options,
                             Duration statusInterval, FrameRing ring) {
        this.connection = connection;
        this.slot = slot;
        this.startLsn = startLsn;
        this.options = Map.copyOf(options);
        this.statusInterval = statusInterval;
        this.ring = ring;
        this.acknowledged = new AtomicLong(startLsn);
        this.lastFlushed.set(startLsn);
    }

    /** The worker's word: everything up to {@code lsn} is committed in Doris. */
    public void acknowledge(long lsn) {
        acknowledged.accumulateAndGet(lsn, (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
    }

    /** The server's latest WAL position seen (XLogData start or keepalive WAL end). */
    public long lastReceived() {
        return lastReceived.get();
    }

    /** The flushed position last reported to the server. */
    public long lastFlushed() {
        return lastFlushed.get();
    }

    /** Why the reader stopped, or null while it runs or after a clean stop. */
    public Throwable failure() {
        return failure;
    }

    public boolean running() {
        return running;
    }

    /**
     * Starts replication from the slot on the calling thread (START_REPLICATION), so that a slot held
     * by another walsender is refused before the pipeline does anything else; {@link #run()} then
     * reads. Tells {@code guard} the backend of the replication connection first.
     *
     * @throws SlotBusy when another walsender holds the slot
     * @throws SQLException when the server refuses otherwise
     */
    public void open(LeaseGuard guard) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        guard.replicationBackend(pg.getBackendPID());
        var builder = pg.getReplicationAPI().replicationStream().logical()
                .withSlotName(quoteSlot(slot))
                .withStartPosition(LogSequenceNumber.valueOf(startLsn))
                .withStatusInterval((int) statusInterval.toMillis(), TimeUnit.MILLISECONDS)
                // never pgjdbc's automatic flush: it reports a keepalive's position as flushed
                // whenever the explicit flush is past the start of the last XLogData message, which
                // for pgoutput is a change's own LSN and can lie below a transaction still being
                // delivered (V3PGReplicationStream.processKeepAliveMessage). The worker decides.
                .withAutomaticFlush(false);
        for (var e : options.entrySet()) {
            builder = builder.withSlotOption(e.getKey(), e.getValue());
        }
        try {
            stream = builder.start();
        } catch (SQLException e) {
            if (SlotBusy.OBJECT_IN_USE.equals(e.getSQLState())) {
                throw new SlotBusy("replication slot " + slot + " is in use by another connection (" + e.getMessage() + "): PostgreSQL lets"
                        + " one walsender at a time stream from a slot; stop the other instance or client, or run both with high availability"
                        + " (ha.enabled: true) so that one stands by", e);
            }
            throw e;
        }
        LOG.info("replication from slot {} started at {} with {}", slot, LogSequenceNumber.valueOf(startLsn), options);
    }

    /** Closes the connection of a source whose {@link #open} failed, or that was never run. */
    public void discard() {
        running = false;
        closeQuietly();
    }

    @Override
    public void run() {
        try {
            PGReplicationStream s = stream;
            if (s == null) {
                throw new IllegalStateException("the replication source of slot " + slot + " runs before open(): a bug");
            }
            loop(s);
        } catch (Throwable e) { // an Error too (OutOfMemoryError, StackOverflowError): a reader that dies unseen stalls the pipeline
            if (running || !(e instanceof Exception)) {
                failure = e;
                LOG.warn("replication from slot {} failed: {}", slot, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        } finally {
            running = false;
            closeQuietly();
        }
    }

    private void loop(PGReplicationStream s) throws SQLException {
        ByteBuffer held = null;
        long heldLsn = 0;
        long idlePark = 50_000;
        long lastForced = System.nanoTime();
        long forceEvery = Math.max(TimeUnit.MILLISECONDS.toNanos(200), statusInterval.toNanos() / 2);
        long reported = startLsn;
        long lastData = 0;    // start LSN of the last XLogData frame read
        long lastMarker = 0;  // the last server position handed to the worker
        while (running) {
            Failpoints.pass(failpoint);
            long ack = acknowledged.get();
            if (ack != reported) {
                LogSequenceNumber l = LogSequenceNumber.valueOf(ack);
                s.setFlushedLSN(l);
                s.setAppliedLSN(l);
                reported = ack;
            }
            if (paused) {
                // graceful stop in progress: read nothing more, report acknowledgements as they come
                if (Long.compareUnsigned(ack, lastFlushed.get()) > 0) {
                    s.forceUpdateStatus();
                    lastFlushed.set(ack);
                }
                LockSupport.parkNanos(5_000_000);
                continue;
            }
            if (held != null) {
                if (ring.offer(held, heldLsn)) {
                    held = null;
                } else {
                    // backpressure: do not read, but keep the walsender's timeout from firing
                    long now = System.nanoTime();
                    if (now - lastForced >= forceEvery) {
                        s.forceUpdateStatus();
                        lastForced = now;
                    }
                    LockSupport.parkNanos(200_000);
                    continue;
                }
            }
            ByteBuffer msg = s.readPending();
            lastReceived.set(s.getLastReceiveLSN().asLong());
            lastFlushed.set(s.getLastFlushedLSN().asLong());
            if (msg == null) {
                long received = lastReceived.get();
                if (Long.compareUnsigned(received, lastData) > 0 && Long.compareUnsigned(received, lastMarker) > 0
                        && ring.offerServerPosition(received)) {
                    // a keepalive's WAL end: the server has sent everything committed before it; the
                    // worker may move the slot there once it has handled every frame before it
                    lastMarker = received;
                }
                long now = System.nanoTime();
                if (now - lastForced >= forceEvery) {
                    // idle: report the acknowledged position and ask for a keepalive (an idle
                    // database must not hold WAL back: see Worker.serverPosition)
                    s.forceUpdateStatus();
                    lastForced = now;
                }
                LockSupport.parkNanos(idlePark);
                idlePark = Math.min(idlePark * 2, MAX_IDLE_PARK_NANOS);
                continue;
            }
            idlePark = 50_000;
            Failpoints.hit(Failpoints.READER_FRAME);
            long lsn = s.getLastReceiveLSN().asLong();
            lastData = lsn;
            if (!ring.offer(msg, lsn)) {
                held = msg;
                heldLsn = lsn;
            }
        }
    }

    /** Stops reading frames but keeps the connection and keeps reporting acknowledgements (first step of a graceful stop). */
    public void pause() {
        paused = true;
    }

    /** Stops reading and closes the replication connection. */
    public void stop() {
        running = false;
    }

    private void closeQuietly() {
        PGReplicationStream s = stream;
        try {
            if (s != null && !s.isClosed()) {
                LogSequenceNumber last = LogSequenceNumber.valueOf(acknowledged.get());
                s.setFlushedLSN(last);
                s.setAppliedLSN(last);
                s.forceUpdateStatus();
                s.close();
            }
        } catch (SQLException e) {
            LOG.debug("closing the replication stream: {}", e.getMessage());
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the replication connection: {}", e.getMessage());
        }
    }

    /** pgjdbc pastes the slot name into START_REPLICATION unquoted; slot names are [a-z0-9_] so quoting is exact. */
    private static String quoteSlot(String slot) {
        if (!slot.matches("[a-z0-9_]{1,63}")) {
            throw new CdcException("slot name '" + slot + "' is not a valid replication slot name");
        }
        return '"' + slot + '"';
    }
}
