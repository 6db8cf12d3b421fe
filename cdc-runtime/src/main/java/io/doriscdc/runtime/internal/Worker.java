package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.pgoutput.BeginMessage;
import io.doriscdc.pgoutput.CommitMessage;
import io.doriscdc.pgoutput.DeleteMessage;
import io.doriscdc.pgoutput.InsertMessage;
import io.doriscdc.pgoutput.LogicalMessage;
import io.doriscdc.pgoutput.PgOutputDecoder;
import io.doriscdc.pgoutput.PgOutputMessage;
import io.doriscdc.pgoutput.PgOutputSession;
import io.doriscdc.pgoutput.RelationCache;
import io.doriscdc.pgoutput.RelationMessage;
import io.doriscdc.pgoutput.StreamAbortMessage;
import io.doriscdc.pgoutput.StreamCommitMessage;
import io.doriscdc.pgoutput.StreamStartMessage;
import io.doriscdc.pgoutput.TruncateMessage;
import io.doriscdc.pgoutput.TypeMessage;
import io.doriscdc.pgoutput.UpdateMessage;
import io.doriscdc.runtime.PipelineConfig;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker thread: decodes frames from the ring, assembles transactions (staging streamed ones
 * until their commit), routes changes to the per-table batchers, and hands due batches to the
 * {@link Delivery}. It alone touches the decoder state, the batchers and the ack tracker.
 */
public final class Worker implements Runnable, ChangeRouter.Target {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Worker.class);

    private final PipelineConfig config;
    private final FrameRing ring;
    private final ReplicationSource source;
    private final Tables tables;
    private final Delivery delivery;
    private final AckTracker ack;
    private final MemoryBudget budget;
    private final PipelineListener listener;
    private final PgOutputSession session = new PgOutputSession();
    private final PgOutputDecoder decoder = new PgOutputDecoder();
    private final ChangeRouter router;
    private final ToastReselect reselect;
    private final Map<Integer, StagedTransaction> streamed = new HashMap<>();
    private final ControlMessages control;
    private final SnapshotCoordinator snapshots;
    private final SchemaFollower schemas;
    private final WorkerCatalog catalog;

    private volatile boolean running = true;
    private volatile long memoryHighWater;
    private volatile Throwable failure;
    private volatile boolean abandoned;

    // the transaction being read: its positions (open while its Begin was seen without its Commit), its commit time
    private final TransactionPositions positions = new TransactionPositions();
    private long commitMicros;
    private StagedTransaction staging;

    public Worker(PipelineConfig config, FrameRing ring, ReplicationSource source, Tables tables, Delivery delivery,
                  AckTracker ack, MemoryBudget budget, ControlMessages control, SnapshotCoordinator snapshots, boolean binary) {
        this.config = config;
        this.ring = ring;
        this.source = source;
        this.tables = tables;
        this.delivery = delivery;
        this.ack = ack;
        this.budget = budget;
        this.listener = config.listener();
        this.control = control;
        this.snapshots = snapshots;
        this.catalog = new WorkerCatalog(config, tables);
        this.schemas = new SchemaFollower(config, delivery, ack, snapshots, tables);
        this.reselect = new ToastReselect(config);
        this.router = new ChangeRouter(new RelationCache(), this, reselect, positions, binary);
    }

    public Throwable failure() {
        return failure;
    }

    /** The most memory the ring and the batches have held at once, in bytes. */
    public long memoryHighWater() {
        return memoryHighWater;
    }

    public boolean running() {
        return running;
    }

    /** Asks the loop to end after draining what is already in the ring and delivering it. */
    public void stop() {
        running = false;
    }

    /**
     * Asks the loop to end at once, delivering and acknowledging nothing more: this instance lost its
     * high-availability lease, and what it holds is replayed from the slot by the one that took over.
     */
    public void abandon() {
        abandoned = true;
        running = false;
    }

    @Override
    public void run() {
        try {
            if (loop()) {
                stopGracefully();
            }
        } catch (Throwable e) { // whatever ends this thread is the pipeline's failure: the supervisor stops it and releases the lease
            failure = e;
            LOG.error("pipeline {} failed: {}", config.slotName(), e.getMessage() == null ? e.toString() : e.getMessage(), e);
        } finally {
            running = false;
            for (StagedTransaction t : streamed.values()) {
                t.close();
            }
            streamed.clear();
            reselect.close();
        }
    }

    /** Reads and handles frames until asked to stop; true when what was read is to be delivered (not abandoned). */
    private boolean loop() {
        long lastReport = 0;
        try {
            while (!abandoned && (running || ring.hasNext())) {
                tables.runCommands(this);
                delivery.drainCompletions(ack);
                if (ring.hasNext() && !delivery.mustWait()) {
                    long lsn = ring.peekLsn();
                    ByteBuffer frame = ring.take();
                    if (FrameRing.isServerPosition(frame)) {
                        serverPosition(Lsn.of(lsn));
                    } else {
                        process(frame, lsn);
                    }
                } else if (delivery.mustWait()) {
                    delivery.awaitCompletion(ack, 5, TimeUnit.MILLISECONDS);
                } else {
                    ring.awaitFrame(2, TimeUnit.MILLISECONDS);
                }
                delivery.flushDue(idle());
                long memory = ring.bytes() + budget.used();
                if (memory > memoryHighWater) {
                    memoryHighWater = memory;
                }
                long now = System.nanoTime();
                if (now - lastReport > TimeUnit.MILLISECONDS.toNanos(100)) {
                    publishAck();
                    listener.ringOccupancy(ring.used(), ring.capacity());
                    listener.lag(Math.max(0, Lsn.of(source.lastReceived()).bytesSince(Lsn.of(source.lastFlushed()))), tables.oldestPendingAge());
                    lastReport = now;
                }
                if (!source.running() && source.failure() != null) {
                    throw new CdcException("replication stopped: " + source.failure().getMessage(), source.failure());
                }
                if (delivery.pipelineFailure() != null) {
                    throw delivery.pipelineFailure();
                }
                Failpoints.pass("worker:" + config.instanceId());
            }
        } catch (ReplayStopped e) {
            // its transaction was never routed, so nothing at or after its commit is acknowledged; its spill file is gone
            LOG.info("pipeline {} stops in the middle of a streamed transaction's replay: the transaction is replayed from the slot"
                    + " after the restart", config.slotName());
        }
        if (abandoned) {
            LOG.warn("pipeline {}: instance {} abandons what it read and did not deliver (it lost its lease): the instance that holds"
                    + " the lease replays it from the slot", config.slotName(), config.instanceId());
            return false;
        }
        return true;
    }

    /** Graceful stop: deliver everything that was read, then acknowledge it. */
    private void stopGracefully() {
        delivery.flushAll();
        delivery.awaitIdle(ack);
        publishAck();
    }

    /**
     * The stream is idle when every frame received is handled and no transaction is half read (the
     * server sends a transaction at its commit, so a partly read one is still arriving): batches may then
     * go out before they are full or old ({@link FlushPolicy}).
     */
    private boolean idle() {
        return !positions.open() && !ring.hasNext();
    }

    private void publishAck() {
        Lsn safe = ack.safe();
        source.acknowledge(safe.value());
        listener.acknowledged(safe);
    }

    /**
     * A keepalive said the server has sent everything committed before {@code position}, and every
     * frame received before it has been processed: the slot may move there if nothing received is
     * unacknowledged and no transaction is partly received (an idle database must not hold WAL back).
     */
    private void serverPosition(Lsn position) {
        if (!positions.open() && streamed.isEmpty()) {
            ack.idleAt(position);
            tables.streamedTo(position);
        }
    }

    private void process(ByteBuffer frame, long lsn) {
        int bytes = frame.remaining();
        PgOutputMessage m = null;
        try {
            m = session.next(frame, Lsn.of(lsn));
            if (session.inStreamBlock() && !(m instanceof StreamStartMessage)) {
                stageStreamed(m, frame, lsn);
                return;
            }
            handle(m, lsn, bytes);
        } catch (ChangeFailure | ReplayStopped e) {
            throw e;
        } catch (RuntimeException e) {
            throw ChangeFailure.of(e, m, Lsn.of(lsn), positions.last(), router);
        }
    }

    /** A stop asked for while a streamed transaction is replayed at its commit: the replay ends there, unacknowledged. */
    private static final class ReplayStopped extends RuntimeException {
        ReplayStopped() {
            super("stopped during the replay of a streamed transaction", null, false, false);
        }
    }

    /**
     * Inside a streamed block every message waits for the commit, Relation and Type messages too: a
     * column added inside the transaction then applies at its position in the replay, after the rows
     * before it and before the rows that need it.
     */
    private void stageStreamed(PgOutputMessage m, ByteBuffer frame, long lsn) {
        staging.add(xidOf(m), lsn, frame);
    }

    private void handle(PgOutputMessage m, long lsn, int bytes) {
        switch (m.type()) {
            case 'B' -> {
                BeginMessage b = (BeginMessage) m;
                begin(b.finalLsn(), b.commitTime());
            }
            case 'C' -> {
                CommitMessage c = (CommitMessage) m;
                ack.routed(c.commitLsn(), c.endLsn());
                tables.streamedTo(c.commitLsn());
                positions.end();
            }
            case 'R' -> router.relation((RelationMessage) m);
            case 'Y' -> router.relationTypes((TypeMessage) m);
            case 'I' -> router.insert((InsertMessage) m, bytes, commitMicros);
            case 'U' -> router.update((UpdateMessage) m, bytes, commitMicros);
            case 'D' -> router.delete((DeleteMessage) m, bytes, commitMicros);
            case 'T' -> router.truncated(((TruncateMessage) m).relationIds()).forEach((t, at) -> delivery.truncate(t, ack, at));
            case 'M' -> control.accept((LogicalMessage) m, this);
            case 'S' -> {
                StreamStartMessage s = (StreamStartMessage) m;
                staging = streamed.computeIfAbsent(s.xid(), x -> new StagedTransaction(x, budget, config.spillDirectory()));
            }
            case 'c' -> commitStreamed((StreamCommitMessage) m);
            case 'A' -> abortStreamed((StreamAbortMessage) m);
            default -> {
                // Origin, Stream Stop (tracked by the session), and two-phase messages, which the
                // pipeline does not request (no two_phase option): nothing to do
            }
        }
    }

    private void begin(Lsn commit, long pgCommitTime) {
        positions.begin(commit);
        commitMicros = pgCommitTime + PgOutputMessage.PG_EPOCH_OFFSET_MICROS;
    }

    /**
     * A streamed transaction committed: its staged changes are handled in order at its commit
     * position, in batches bounded like any others (due batches are sent and the memory budget is
     * waited for during the replay), so a transaction of any size never makes one unbounded load.
     */
    private void commitStreamed(StreamCommitMessage c) {
        StagedTransaction t = streamed.remove(c.xid());
        if (t == null) {
            // nothing of it was published (every change was for other tables): just a commit
            ack.routed(c.commitLsn(), c.endLsn());
            tables.streamedTo(c.commitLsn());
            return;
        }
        begin(c.commitLsn(), c.commitTime());
        try {
            t.replay((xid, lsn, frame) -> {
                int bytes = frame.remaining();
                PgOutputMessage m = null;
                try {
                    m = decoder.decode(frame, Lsn.of(lsn), true);
                    handle(m, lsn, bytes);
                } catch (ChangeFailure e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw ChangeFailure.of(e, m, Lsn.of(lsn), positions.last(), router);
                }
                keepDelivering();
            });
        } finally {
            t.close();
        }
        ack.routed(c.commitLsn(), c.endLsn());
        tables.streamedTo(c.commitLsn());
        positions.end();
    }

    /** Inside a long replay: send due batches, take back completions, wait while over the memory budget. */
    private void keepDelivering() {
        if (!running) {
            throw new ReplayStopped(); // a stop does not wait for the rest of a long replay: the slot replays it after the restart
        }
        delivery.drainCompletions(ack);
        delivery.flushDue(false);
        while (delivery.mustWait()) {
            delivery.awaitCompletion(ack, 5, TimeUnit.MILLISECONDS);
            if (delivery.pipelineFailure() != null) {
                throw delivery.pipelineFailure();
            }
            delivery.flushDue(false);
        }
    }

    private void abortStreamed(StreamAbortMessage a) {
        StagedTransaction t = streamed.get(a.xid());
        if (t == null) {
            return;
        }
        if (a.abortsTopLevel()) {
            streamed.remove(a.xid());
            t.close();
        } else {
            t.abortSubtransaction(a.subxid());
        }
    }

    private static int xidOf(PgOutputMessage m) {
        if (m instanceof InsertMessage i) {
            return i.xid();
        } else if (m instanceof UpdateMessage u) {
            return u.xid();
        } else if (m instanceof DeleteMessage d) {
            return d.xid();
        } else if (m instanceof TruncateMessage t) {
            return t.xid();
        } else if (m instanceof LogicalMessage l) {
            return l.xid();
        } else if (m instanceof RelationMessage r) {
            return r.xid();
        } else if (m instanceof TypeMessage t) {
            return t.xid();
        }
        return 0;
    }

    // ChangeRouter.Target

    @Override
    public TableRuntime table(TableSchema schema) {
        TableRuntime t = tables.runtimeOf(schema.id());
        if (t == null) { // perhaps a leaf published under its own name
            TableId root = catalog.partitionRoot(schema.id());
            TableRuntime r = root == null ? null : tables.runtimeOf(root);
            if (r != null && r.batcher == null && !r.failed()) {
                mappedTable(root); // the stream never describes the root itself: its columns from the catalog
            }
            return r;
        }
        if (t.batcher == null) {
            t.batcher = delivery.newBatcher(new TableMapping(t.withKeys(schema), t.route.target()));
            schemas.firstSight(t, schema, positions.peek(t));
        }
        return t;
    }

    /**
     * The columns of a mapped table changed (a Relation message): what is pending is delivered with
     * the old columns first, then the Doris table is fitted ({@link SchemaFollower}).
     */
    @Override
    public void schemaChanged(TableRuntime table, TableSchema newSchema) {
        delivery.drain(table, ack);
        if (table.failed()) {
            return; // a FAILED table takes no more changes; its hold keeps the slot before them
        }
        schemas.changed(table, newSchema, positions.peek(table));
    }

    /** {@link Tables#fail}: between frames, the hold at the transaction being read, or at the last one handled. */
    void failInStream(TableRuntime t, String error) {
        if (!t.failed()) {
            delivery.failTable(t, ack, positions.open() ? positions.commitLsn() : tables.streamedTo(), error);
        }
    }

    @Override
    public boolean keyChanged(TableRuntime table, TableSchema schema) {
        return schemas.keyChanged(table, schema, positions.peek(table));
    }

    @Override
    public void command(io.doriscdc.api.value.Row row, StreamPosition position) {
        control.command(row, position, this);
    }

    @Override
    public void unmapped(TableSchema schema) {
        if (schema.id().schema().equals("doris_cdc")) {
            return; // the control plane's own tables, under a FOR ALL TABLES publication
        }
        if (tables.countUnmapped(schema.id())) {
            LOG.warn("changes of {} are published by {} but no route maps the table: they are not loaded, and counted as UNMAPPED"
                    + " in status; map it (doris_cdc.add_table or the configuration) or remove it from the publication",
                    schema.id(), config.publicationName());
        }
        listener.unmappedChange(schema.id());
    }

    @Override
    public void hold(TableRuntime table, Lsn commitLsn) {
        ack.hold(commitLsn);
        if (table.oldestPendingCommitMicros == 0) {
            table.oldestPendingCommitMicros = commitMicros;
        }
    }

    @Override
    public TableRuntime mappedTable(io.doriscdc.api.TableId id) {
        TableRuntime t = tables.runtimeOf(id);
        if (t == null || t.failed()) {
            return null;
        }
        if (t.batcher == null) { // the stream has not described the table since the start
            TableSchema schema = catalog.schema(t);
            if (schema == null) {
                throw new CdcException("cannot read the columns of " + id + " from the catalog; the change is read again at the next start");
            }
            table(schema);
        }
        return t;
    }

    @Override
    public void partitionAttached(TableRuntime table, io.doriscdc.api.TableId leaf, StreamPosition position) {
        LOG.info("partition {} was attached to {} at {}", leaf, table.route.source(), position);
        snapshots.copyLeaf(table.route.source(), leaf, config.snapshotBatchRows());
    }

    /** Forgets relation → table resolutions after a mapping changed. Worker thread only. */
    void mappingsChanged() {
        router.remap();
        catalog.forgetRoots();
    }

    @Override
    public TableSchema catalogSchema(TableRuntime table) {
        return catalog.schema(table);
    }

    @Override
    public int leafCount(TableId table) {
        return catalog.leafCount(table);
    }

    Delivery delivery() {
        return delivery;
    }

    AckTracker ack() {
        return ack;
    }
}
