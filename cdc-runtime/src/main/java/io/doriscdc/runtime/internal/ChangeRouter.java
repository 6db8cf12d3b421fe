package io.doriscdc.runtime.internal;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import io.doriscdc.pgoutput.DeleteMessage;
import io.doriscdc.pgoutput.InsertMessage;
import io.doriscdc.pgoutput.RelationCache;
import io.doriscdc.pgoutput.RelationMessage;
import io.doriscdc.pgoutput.UpdateMessage;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns decoded row changes into batcher calls: finds the mapped table of a relation, reads the
 * tuples as rows, splits an update that changes the key into a delete and an insert (ARCHITECTURE.md
 * table model), and reports schema changes. Worker thread only.
 */
final class ChangeRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeRouter.class);

    /** What the router needs from the worker. */
    interface Target {
        /** The runtime of a mapped table, creating its batcher for the schema if needed; null when the table is not mapped. */
        TableRuntime table(TableSchema schema);

        /** Called before a change is added: a table whose schema changed must be drained first. */
        void schemaChanged(TableRuntime table, TableSchema newSchema);

        /** A row inserted into {@code doris_cdc.commands}: a control command, at its position. */
        void command(Row row, StreamPosition position);

        /** A change of a relation in the publication that no route maps was not loaded. */
        void unmapped(TableSchema schema);

        /** Takes an ack hold at a commit LSN. */
        void hold(TableRuntime table, Lsn commitLsn);

        /**
         * A mapped, not failed table with its batcher (created from the catalog when the stream has
         * not described the table yet), or null.
         */
        TableRuntime mappedTable(io.doriscdc.api.TableId table);

        /** A leaf was attached to a mapped table at {@code position}: its rows are to be copied. */
        void partitionAttached(TableRuntime table, io.doriscdc.api.TableId leaf, StreamPosition position);
    }

    private final RelationCache relations;
    private final Target target;
    private final ToastReselect reselect;
    private final Map<Integer, TableRuntime> byRelation = new HashMap<>();
    private int commandsRelation; // the OID of doris_cdc.commands, once the stream described it
    private int partitionsRelation; // the OID of doris_cdc.partition_changes, once the stream described it
    private final TextRows text = new TextRows();
    private final java.util.Set<String> unkeyedDetach = new java.util.HashSet<>();

    ChangeRouter(RelationCache relations, Target target, ToastReselect reselect) {
        this.relations = relations;
        this.target = target;
        this.reselect = reselect;
    }

    void relation(RelationMessage r) {
        relations.apply(r);
        TableSchema schema = relations.schema(r.relationId());
        if (schema.id().equals(io.doriscdc.runtime.internal.control.ControlPlane.COMMANDS)) {
            commandsRelation = r.relationId();
            return;
        }
        if (schema.id().equals(io.doriscdc.runtime.internal.control.ControlPlane.PARTITION_CHANGES)) {
            partitionsRelation = r.relationId();
            return;
        }
        TableRuntime t = target.table(schema);
        if (t == null) {
            byRelation.remove(r.relationId());
            return;
        }
        byRelation.put(r.relationId(), t);
        if (t.batcher != null && !t.batcher.schema().sameColumnsAs(schema)) {
            LOG.warn("columns of {} changed: {} -> {}; pending changes are delivered with the old columns first",
                    schema.id(), names(t.batcher.schema()), names(schema));
            target.schemaChanged(t, schema);
        }
    }

    void relationTypes(io.doriscdc.pgoutput.TypeMessage t) {
        relations.apply(t);
    }

    /** The qualified name of a relation the stream described, or null. */
    String tableName(int relationId) {
        TableSchema schema = relations.find(relationId);
        return schema == null ? null : schema.id().toString();
    }

    /** Forgets the relation → table resolution (after a mapping changed). */
    void remap() {
        byRelation.clear();
    }

    private TableRuntime mapped(int relationId) {
        TableRuntime t = byRelation.get(relationId);
        if (t == null) {
            TableSchema schema = relations.find(relationId);
            if (schema == null) {
                return null;
            }
            t = target.table(schema);
            if (t != null) {
                byRelation.put(relationId, t);
            } else {
                target.unmapped(schema);
            }
        }
        return t == null || t.failed() || t.batcher == null ? null : t;
    }

    /** The table a change at {@code position} goes to, or null (unmapped, failed, or superseded by a TRUNCATE Doris already applied). */
    private TableRuntime mapped(int relationId, StreamPosition position) {
        TableRuntime t = mapped(relationId);
        return t == null || t.supersededAt(position) ? null : t;
    }

    void insert(InsertMessage m, StreamPosition position, long bytes, long commitMicros) {
        if (m.relationId() == commandsRelation && commandsRelation != 0) {
            target.command(m.newTuple().row(relations.schema(commandsRelation)), position);
            return;
        }
        if (m.relationId() == partitionsRelation && partitionsRelation != 0) {
            partitionChange(PartitionChange.fromRow(m.newTuple().row(relations.schema(partitionsRelation))), position, bytes, commitMicros);
            return;
        }
        TableRuntime t = mapped(m.relationId(), position);
        if (t == null) {
            return;
        }
        Row row = m.newTuple().row(t.batcher.schema());
        if (t.batcher.upsert(row, position, bytes, commitMicros)) {
            target.hold(t, position.commitLsn());
        }
    }

    void update(UpdateMessage m, StreamPosition position, long bytes, long commitMicros) {
        TableRuntime t = mapped(m.relationId(), position);
        if (t == null) {
            return;
        }
        TableSchema schema = t.batcher.schema();
        Row newRow = m.newTuple().row(schema);
        if (m.oldTuple() != null) {
            Row oldRow = m.oldTuple().row(schema);
            if (keyChanged(oldRow, newRow, schema)) {
                // the old key and the new key are different keys: one position serves both
                if (t.batcher.delete(oldRow, position, bytes, commitMicros)) {
                    target.hold(t, position.commitLsn());
                }
                if (newRow.hasUnchangedToast()) {
                    newRow = reselect.fill(newRow); // the new key has nothing in Doris to keep the value from
                }
            }
        }
        if (t.copyPending && newRow.hasUnchangedToast()) {
            newRow = reselect.fill(newRow); // the copy may not have loaded this key yet (TableRuntime.copyPending)
        }
        if (t.batcher.upsert(newRow, position, bytes, commitMicros)) {
            target.hold(t, position.commitLsn());
        }
    }

    void delete(DeleteMessage m, StreamPosition position, long bytes, long commitMicros) {
        TableRuntime t = mapped(m.relationId(), position);
        if (t == null) {
            return;
        }
        Row oldRow = m.oldTuple().row(t.batcher.schema());
        if (t.batcher.delete(oldRow, position, bytes, commitMicros)) {
            target.hold(t, position.commitLsn());
        }
    }

    /**
     * An ATTACH or DETACH PARTITION of a mapped table, at its position: an attached leaf is copied; each
     * row of a detached leaf is deleted from the table's Doris table by its key, like a streamed
     * delete (its rows left the table without a row change in the stream).
     */
    private void partitionChange(PartitionChange change, StreamPosition position, long bytes, long commitMicros) {
        TableRuntime t = target.mappedTable(change.root());
        if (t == null || t.supersededAt(position)) {
            return;
        }
        if (change instanceof PartitionChange.Attached a) {
            target.partitionAttached(t, a.leaf(), position);
            return;
        }
        PartitionChange.Detached d = (PartitionChange.Detached) change;
        if (d.keyValues() == null) {
            LOG.info("partition {} was detached from {} at {} with no rows", d.leaf(), d.root(), position);
            return;
        }
        TableSchema schema = t.batcher.schema();
        String[] texts = new String[schema.columnCount()];
        for (int k : schema.keyIndexes()) {
            String column = schema.column(k).name();
            int i = d.keyColumns().indexOf(column);
            if (i < 0) {
                if (unkeyedDetach.add(d.leaf() + "@" + position.commitLsn())) {
                    LOG.error("partition {} was detached from {} at {}, but the rows recorded for it lack key column {} of Doris table {}"
                            + " (recorded: {}): its rows stay in Doris; delete them there by hand", d.leaf(), d.root(), position, column,
                            t.route.target(), d.keyColumns());
                }
                return;
            }
            texts[k] = d.keyValues().get(i);
        }
        Row key = text.decode(schema, texts);
        if (t.batcher.delete(key, position, bytes, commitMicros)) {
            target.hold(t, position.commitLsn());
        }
    }

    /** The tables of a TRUNCATE at {@code position} that are mapped and not failed (those already truncated there included). */
    java.util.List<TableRuntime> mappedOf(int[] relationIds) {
        java.util.List<TableRuntime> out = new java.util.ArrayList<>();
        for (int id : relationIds) {
            TableRuntime t = mapped(id);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean keyChanged(Row oldRow, Row newRow, TableSchema schema) {
        for (int k : schema.keyIndexes()) {
            ValueState os = oldRow.state(k);
            ValueState ns = newRow.state(k);
            if (os != ns) {
                return true;
            }
            if (os == ValueState.PRESENT && !oldRow.getString(k).equals(newRow.getString(k))) {
                return true;
            }
        }
        return false;
    }

    private static String names(TableSchema s) {
        return s.columns().stream().map(c -> c.name() + " " + c.type().name()).toList().toString();
    }
}
