package io.doriscdc.runtime.internal;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.BatchLabels;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.value.ObjectRow;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

/**
 * Builds the batches of one mapped table: collects its changes, collapses several changes to one
 * key into the last (a delete wins over what came before it; an update that left TOAST values
 * unchanged keeps them from an earlier change in the same batch), and encodes them once when the
 * batch is flushed. At most one batch per table is in flight, so batches of a table commit in order.
 * Used by the worker thread only.
 */
final class TableBatcher {

    private record Pending(boolean delete, Row row, StreamPosition version) {
    }

    private final String labelPrefix;
    private final Transport transport;
    private final MemoryBudget budget;
    private final LongSupplier nanoClock;
    private TableMapping mapping;
    private BatchEncoder encoder;
    private int[] keyIndexes;

    private final LinkedHashMap<RowKey, Pending> pending = new LinkedHashMap<>();
    private long pendingBytes;
    private long pendingFootprint;
    private StreamPosition first;
    private StreamPosition last;
    private long firstChangeNanos;
    private int changes;
    private long lastSealNanos;
    private boolean sealedBefore;

    private InFlight inFlight;

    /**
     * The heap a pending change holds besides its message bytes: the decoded row's view and layout, its key,
     * stream position and map entry (a class histogram of a drain, JDK 17 with compressed references: about
     * 300 bytes, and 8 to 16 more per column). Counted in the memory budget with the message, so that the
     * budget bounds what the batches really hold (it counted the message bytes alone, a third of it).
     */
    static long overheadOf(int columns) {
        return 320 + 16L * columns;
    }

    /** A batch handed to the transport and not yet committed; {@code memoryBytes}: its payload's, counted in the budget until it completes. */
    record InFlight(Batch batch, long memoryBytes, long startedNanos, long maxCommitTimeMicros) {

        /** The commit LSN of the oldest transaction in the batch: where it holds the slot. */
        Lsn holdsAt() {
            return batch.first().commitLsn();
        }
    }

    private long maxCommitTimeMicros;

    TableBatcher(TableMapping mapping, Transport transport, String labelPrefix, MemoryBudget budget) {
        this(mapping, transport, labelPrefix, budget, System::nanoTime);
    }

    /** @param nanoClock the time source of batch ages and load intervals ({@link System#nanoTime()} but in tests) */
    TableBatcher(TableMapping mapping, Transport transport, String labelPrefix, MemoryBudget budget, LongSupplier nanoClock) {
        this.labelPrefix = labelPrefix;
        this.transport = transport;
        this.budget = budget;
        this.nanoClock = nanoClock;
        bind(mapping);
    }

    private void bind(TableMapping m) {
        this.mapping = m;
        this.encoder = transport.newEncoder(m);
        this.keyIndexes = m.source().keyIndexes();
    }

    TableMapping mapping() {
        return mapping;
    }

    TableSchema schema() {
        return mapping.source();
    }

    /** Switches to a new shape of the source table; only when nothing is pending or in flight (a FAILED table's batcher is dropped instead). */
    void rebind(TableSchema schema) {
        if (!pending.isEmpty() || inFlight != null) {
            throw new IllegalStateException("rebind of " + schema.id() + " with changes pending");
        }
        bind(new TableMapping(schema, mapping.target()));
    }

    /**
     * Adds an upsert at its stream position, which must not be before the last change added.
     *
     * @return true if this is the first pending change (the caller takes an ack hold at its commit LSN)
     */
    boolean upsert(Row row, StreamPosition position, long bytes, long commitTimeMicros) {
        RowKey key = RowKey.of(row, keyIndexes);
        Pending prior = pending.get(key);
        Row value = row;
        if (prior != null && !prior.delete() && row.hasUnchangedToast()) {
            value = fillUnchanged(row, prior.row());
        }
        return put(key, new Pending(false, value, position), bytes, commitTimeMicros);
    }

    /** Adds a delete of the row's key; see {@link #upsert}. */
    boolean delete(Row keyRow, StreamPosition position, long bytes, long commitTimeMicros) {
        return put(RowKey.of(keyRow, keyIndexes), new Pending(true, keyRow, position), bytes, commitTimeMicros);
    }

    private boolean put(RowKey key, Pending p, long bytes, long commitTimeMicros) {
        boolean isFirst = pending.isEmpty();
        if (isFirst) {
            first = p.version();
            firstChangeNanos = nanoClock.getAsLong();
        } else if (p.version().isBefore(last)) {
            throw new IllegalStateException("change of " + mapping.source().id() + " at " + p.version() + " arrived after "
                    + last + ": stream positions must not go back");
        }
        pending.remove(key); // re-inserted at the end: the batch keeps the order of last changes
        pending.put(key, p);
        last = p.version();
        pendingBytes += bytes;
        long footprint = bytes + overheadOf(p.row().columnCount());
        pendingFootprint += footprint;
        budget.add(footprint);
        changes++;
        maxCommitTimeMicros = Math.max(maxCommitTimeMicros, commitTimeMicros);
        return isFirst;
    }

    /** The values the newer row did not send (unchanged TOAST), taken from an older row of the same key where it had them. */
    private static Row fillUnchanged(Row newer, Row older) {
        Object[] values = new Object[newer.columnCount()];
        for (int i = 0; i < values.length; i++) {
            ValueState s = newer.state(i);
            if (s == ValueState.UNCHANGED_TOAST) {
                ValueState o = older.state(i);
                values[i] = o == ValueState.PRESENT ? older.getObject(i) : o == ValueState.NULL ? null : ObjectRow.UNCHANGED;
            } else {
                values[i] = s == ValueState.NULL ? null : newer.getObject(i);
            }
        }
        return ObjectRow.of(newer.schema(), values);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    boolean hasInFlight() {
        return inFlight != null;
    }

    InFlight inFlight() {
        return inFlight;
    }

    /** True when the pending changes make a full batch (rows, bytes or memory): no more may be added before it is sent. */
    boolean full(FlushPolicy policy) {
        return policy.full(changes, pendingBytes, pendingFootprint);
    }

    /** True when the pending changes are to be sent now ({@link FlushPolicy#due}); {@code idle}: whether the stream is idle. */
    boolean due(FlushPolicy policy, boolean idle, long nowNanos) {
        return policy.due(changes, pendingBytes, pendingFootprint, nowNanos - firstChangeNanos, sealedBefore ? nowNanos - lastSealNanos : FlushPolicy.NEVER, idle);
    }

    /** Encodes the pending changes into a batch and marks it in flight. Only when nothing is in flight. */
    InFlight seal() {
        if (inFlight != null) {
            throw new IllegalStateException("a batch of " + mapping.target() + " is still in flight");
        }
        for (Pending p : pending.values()) {
            if (p.delete()) {
                encoder.delete(p.row(), p.version());
            } else {
                encoder.upsert(p.row(), p.version());
            }
        }
        String label = BatchLabels.of(labelPrefix, mapping.target(), first, last);
        Batch batch = new Batch(mapping.target(), label, first, last, encoder.finish());
        lastSealNanos = nanoClock.getAsLong();
        sealedBefore = true;
        // from now on the rows are garbage and the payload is what the batch holds
        budget.add(batch.byteCount());
        budget.remove(pendingFootprint);
        inFlight = new InFlight(batch, batch.byteCount(), lastSealNanos, maxCommitTimeMicros);
        pending.clear();
        changes = 0;
        pendingBytes = 0;
        pendingFootprint = 0;
        maxCommitTimeMicros = 0;
        return inFlight;
    }

    /** The batch in flight is committed (or given up): frees its memory. */
    InFlight complete() {
        InFlight done = inFlight;
        inFlight = null;
        if (done != null) {
            budget.remove(done.memoryBytes());
        }
        return done;
    }

    /** After a {@link #seal()} the encoder refused: drops what the encoder holds and what is pending (the table failed). */
    void discardUnsealed() {
        this.encoder = transport.newEncoder(mapping); // the refused one may hold half a row
        discardPending();
    }

    /** Drops what is pending (the table failed); returns the commit LSN it held, or null when nothing was pending. */
    Lsn discardPending() {
        if (pending.isEmpty()) {
            return null;
        }
        budget.remove(pendingFootprint);
        pending.clear();
        changes = 0;
        pendingBytes = 0;
        pendingFootprint = 0;
        return first.commitLsn();
    }
}
