package io.doriscdc.runtime.internal;

import io.doriscdc.runtime.TableRoute;
import io.doriscdc.runtime.TableState;

/** The worker's view of one mapped table: its batcher (once its schema is known), state and counters. Worker thread only, except the volatile fields read by status(). */
final class TableRuntime {

    final TableRoute route;
    TableBatcher batcher;
    volatile TableState state = TableState.STREAMING;
    volatile String lastError;
    /** Why the table's batch waits for Doris to come back ({@link DorisWaits}), or null. */
    volatile String waitingForDoris;
    volatile long rowsDelivered;
    volatile long bytesDelivered;
    /** Commit time (µs since the Unix epoch) of the newest change committed in Doris. */
    volatile long deliveredCommitMicros;
    /** Commit time of the oldest change not yet committed in Doris, 0 when none. */
    volatile long oldestPendingCommitMicros;

    /**
     * The position of the newest TRUNCATE of this table that Doris applied (from
     * {@code doris_cdc.applied_truncates}), or null: changes before it are superseded and never loaded
     * again, and it is not applied again.
     */
    volatile io.doriscdc.api.StreamPosition truncatedAt;

    /**
     * The newest column change of this table that was applied to Doris (from
     * {@code doris_cdc.applied_schema_changes}), or null: the table's changes before it are in Doris
     * already, and its Relation messages before it describe columns Doris may no longer have.
     */
    volatile SchemaLog.Applied schemaChangedAt;

    /**
     * True while the table's copy is not finished (planned, running, or interrupted): an update that
     * left TOAST values unchanged is then completed from PostgreSQL before it is loaded, since a
     * partial update of a key the copy has not loaded yet would create the row with NULLs at a newer
     * version than the copied row's (Doris appends a missing key of a partial update with default
     * values: load property {@code partial_update_new_key_behavior}, default APPEND, apache/doris#41232).
     */
    volatile boolean copyPending;

    /**
     * Copy jobs submitted for this table and not finished: several can be queued at once (an ATTACH
     * while a copy runs, a sync_table), and {@link #copyPending} may clear only when the last ends.
     */
    final java.util.concurrent.atomic.AtomicInteger copyJobs = new java.util.concurrent.atomic.AtomicInteger();

    /** Set by {@link Tables#fail} before the worker stops the table: a copy not yet begun leaves it to the next start. */
    volatile boolean failRequested;

    /** Orders the table's copy loads against its TRUNCATEs. */
    final CopyGate copies = new CopyGate();

    /** The Doris key: the primary key (or replica identity index) columns from the catalog. */
    final java.util.List<String> keyColumns;

    TableRuntime(TableRoute route, java.util.List<String> keyColumns) {
        this.route = route;
        this.keyColumns = java.util.List.copyOf(keyColumns);
    }

    /**
     * The schema with the catalog's key: pgoutput flags every column as key under REPLICA IDENTITY
     * FULL, but Doris's unique key is the primary key where the table has one.
     */
    io.doriscdc.api.schema.TableSchema withKeys(io.doriscdc.api.schema.TableSchema schema) {
        if (keyColumns.isEmpty()) {
            return schema;
        }
        var columns = schema.columns().stream()
                .map(c -> new io.doriscdc.api.schema.Column(c.name(), c.type(), keyColumns.contains(c.name()), c.nullable()))
                .toList();
        return new io.doriscdc.api.schema.TableSchema(schema.id(), schema.relationOid(), schema.replicaIdentity(), columns);
    }

    /**
     * True when a change at {@code position} came before a TRUNCATE that Doris already applied, or
     * before a column change that Doris applied (all of the table's changes before one are committed
     * in Doris first): a replay skips it. Both records and {@code position} are positions of this
     * table's own count ({@link TransactionPositions}), so a replay compares them alike whatever else
     * is published then.
     */
    boolean supersededAt(io.doriscdc.api.StreamPosition position) {
        io.doriscdc.api.StreamPosition t = truncatedAt;
        return t != null && !t.isBefore(position) || replaysBeforeSchemaChange(position);
    }

    /** True when {@code position} is before the newest column change Doris applied (a replay after a crash). */
    boolean replaysBeforeSchemaChange(io.doriscdc.api.StreamPosition position) {
        SchemaLog.Applied s = schemaChangedAt;
        return s != null && position.isBefore(s.position());
    }

    boolean failed() {
        return state == TableState.FAILED;
    }
}
