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
 * Turns decoded row changes into batcher calls: finds the mapped table of a relation, gives the
 * change its position among that table's changes ({@link TransactionPositions}), reads the tuples as
 * rows, splits an update that changes the key into a delete and an insert (ARCHITECTURE.md table
 * model), and reports schema changes. Worker thread only.
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

        /** The table's columns as the catalog has them now, or null when it cannot say. */
        TableSchema catalogSchema(TableRuntime table);

        /** How many leaf partitions a table has now (-1 when the catalog cannot say). */
        int leafCount(io.doriscdc.api.TableId table);

        /** Stops the table when the stream's key is not the pipeline's ({@link KeyChange}); true when it did. */
        boolean keyChanged(TableRuntime table, TableSchema schema);

        /** A leaf was attached to a mapped table at {@code position}: its rows are to be copied. */
        void partitionAttached(TableRuntime table, io.doriscdc.api.TableId leaf, StreamPosition position);
    }

    private final RelationCache relations;
    private final Target target;
    private final ToastReselect reselect;
    private final TransactionPositions positions;
    private final PartitionChanges partitionChanges;
    private final Map<Integer, TableRuntime> byRelation = new HashMap<>();
    private int commandsRelation; // the OID of doris_cdc.commands, once the stream described it
    private int partitionsRelation; // the OID of doris_cdc.partition_changes, once the stream described it
    /** Leaf partitions published under their own names (the publication does not publish via the root), by relation id. */
    private final Map<Integer, TableSchema> leaves = new HashMap<>();

    private final boolean binary;

    ChangeRouter(RelationCache relations, Target target, ToastReselect reselect, TransactionPositions positions, boolean binary) {
        this.relations = relations;
        this.target = target;
        this.reselect = reselect;
        this.positions = positions;
        this.partitionChanges = new PartitionChanges(target, positions);
        this.binary = binary;
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
            leaves.remove(r.relationId());
            return;
        }
        byRelation.put(r.relationId(), t);
        if (binary) {
            for (var c : schema.columns()) {
                if (!io.doriscdc.pgoutput.PgTypes.binaryReadable(c.type())) {
                    throw new TextValuesNeeded("column " + c.name() + " of " + schema.id() + " has type " + c.type().name()
                            + ", whose binary form is not decoded, and the stream carries binary values");
                }
            }
        }
        if (!t.route.source().equals(schema.id())) {
            leaves.put(r.relationId(), schema); // a leaf of a mapped table: its rows are the table's, by column name
            if (t.batcher != null && !sameColumnsByName(schema, t.batcher.schema())) {
                // the table's columns changed (a leaf follows its root's ALTER TABLE): read the table's own from the catalog
                TableSchema table = target.catalogSchema(t);
                if (table != null && !t.batcher.schema().sameColumnsAs(table)) {
                    target.schemaChanged(t, table);
                }
            }
            return;
        }
        leaves.remove(r.relationId());
        if (t.failed() || target.keyChanged(t, schema)) {
            return; // a FAILED table takes no more changes; its hold keeps the slot before them
        }
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
        leaves.clear();
    }

    /**
     * The mapped table a relation's change goes to (a failed one too), or null: a change of a table no
     * route maps is reported, and counted under the table's own name (never in a mapped table's count).
     */
    private TableRuntime resolve(int relationId) {
        TableRuntime t = byRelation.get(relationId);
        if (t == null) {
            TableSchema schema = relations.find(relationId);
            if (schema == null) {
                return null;
            }
            t = target.table(schema);
            if (t != null) {
                byRelation.put(relationId, t);
                if (!t.route.source().equals(schema.id())) {
                    leaves.put(relationId, schema);
                }
            } else {
                positions.nextUnmapped(schema.id());
                target.unmapped(schema);
            }
        }
        return t;
    }

    /** The mapped table of a relation when it takes changes (not failed, its batcher made), or null. */
    private TableRuntime mapped(int relationId) {
        TableRuntime t = resolve(relationId);
        return t == null || t.failed() || t.batcher == null ? null : t;
    }

    /**
     * The position of a change of {@code t}: the next among the changes of {@code t}'s mapped table in
     * the transaction, counted for every change of the table, taken or not, so that it is the same
     * on every replay whatever else is published, failed or superseded.
     */
    private StreamPosition positionOf(TableRuntime t) {
        return positions.next(t);
    }

    /** Whether {@code t} takes a change at {@code position}: false when failed, or superseded by a TRUNCATE or column change Doris already applied. */
    private static boolean takes(TableRuntime t, StreamPosition position) {
        return !t.failed() && t.batcher != null && !t.supersededAt(position);
    }

    void insert(InsertMessage m, long bytes, long commitMicros) {
        if (m.relationId() == commandsRelation && commandsRelation != 0) {
            // the control table counts its own rows: a command's position names it in logs and status only
            target.command(m.newTuple().row(relations.schema(commandsRelation)),
                    positions.nextUnmapped(io.doriscdc.runtime.internal.control.ControlPlane.COMMANDS));
            return;
        }
        if (m.relationId() == partitionsRelation && partitionsRelation != 0) {
            partitionChanges.apply(PartitionChange.fromRow(m.newTuple().row(relations.schema(partitionsRelation))), bytes, commitMicros);
            return;
        }
        TableRuntime t = resolve(m.relationId());
        if (t == null) {
            return;
        }
        StreamPosition position = positionOf(t);
        if (!takes(t, position)) {
            return;
        }
        Row row = rowOf(m.newTuple(), m.relationId(), t);
        if (t.batcher.upsert(row, position, bytes, commitMicros)) {
            target.hold(t, position.commitLsn());
        }
    }

    void update(UpdateMessage m, long bytes, long commitMicros) {
        TableRuntime t = resolve(m.relationId());
        if (t == null) {
            return;
        }
        StreamPosition position = positionOf(t);
        if (!takes(t, position)) {
            return;
        }
        TableSchema schema = t.batcher.schema();
        Row newRow = rowOf(m.newTuple(), m.relationId(), t);
        if (m.oldTuple() != null) {
            Row oldRow = rowOf(m.oldTuple(), m.relationId(), t);
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

    void delete(DeleteMessage m, long bytes, long commitMicros) {
        TableRuntime t = resolve(m.relationId());
        if (t == null) {
            return;
        }
        StreamPosition position = positionOf(t);
        if (!takes(t, position)) {
            return;
        }
        Row oldRow = rowOf(m.oldTuple(), m.relationId(), t);
        if (t.batcher.delete(oldRow, position, bytes, commitMicros)) {
            target.hold(t, position.commitLsn());
        }
    }

    /**
     * A tuple as a row of the mapped table: as it is for the table's own relation; for a leaf
     * published under its own name, its values moved to the table's columns by name (a leaf may
     * order its columns differently, or have dropped ones), and the table's columns the leaf does
     * not have at this point left unset.
     */
    private Row rowOf(io.doriscdc.pgoutput.TupleData tuple, int relationId, TableRuntime t) {
        TableSchema leaf = leaves.get(relationId);
        TableSchema schema = t.batcher.schema();
        if (leaf == null) {
            return tuple.row(schema);
        }
        Row row = tuple.row(leaf);
        Object[] values = new Object[schema.columnCount()];
        for (int i = 0; i < values.length; i++) {
            int j = leaf.indexOf(schema.column(i).name());
            // a column the leaf did not have yet at this point of the stream (added to the table since): not this change's to
            // set, like an unchanged TOAST value, so that Doris keeps the row's value or gives a new row the column's default
            values[i] = j < 0 ? io.doriscdc.api.value.ObjectRow.UNCHANGED : switch (row.state(j)) {
                case NULL -> null;
                case UNCHANGED_TOAST -> io.doriscdc.api.value.ObjectRow.UNCHANGED;
                case PRESENT -> row.getObject(j);
            };
        }
        return io.doriscdc.api.value.ObjectRow.of(schema, values);
    }

    /**
     * The tables of a TRUNCATE that are mapped and not failed (those already truncated there
     * included), each at its own position: one TRUNCATE of several tables is a change of each, the
     * next in that table's count. A table reached through leaves published under their own names is
     * truncated only when the TRUNCATE names every leaf it has (a TRUNCATE of the table itself); a
     * TRUNCATE of some of its partitions cannot be applied to the one Doris table, and is reported
     * (its position is counted all the same, so that the table's later positions do not depend on
     * how many leaves it has now).
     */
    Map<TableRuntime, StreamPosition> truncated(int[] relationIds) {
        Map<TableRuntime, StreamPosition> out = new java.util.LinkedHashMap<>();
        java.util.Set<TableRuntime> direct = new java.util.HashSet<>();
        Map<TableRuntime, Integer> leavesNamed = new java.util.LinkedHashMap<>();
        for (int id : relationIds) {
            TableRuntime t = mapped(id);
            if (t == null) {
                continue;
            }
            out.computeIfAbsent(t, this::positionOf);
            if (leaves.containsKey(id)) {
                leavesNamed.merge(t, 1, Integer::sum);
            } else {
                direct.add(t);
            }
        }
        leavesNamed.forEach((t, named) -> {
            int all = target.leafCount(t.route.source());
            if (named != all) {
                if (!direct.contains(t)) {
                    out.remove(t);
                }
                LOG.error("a TRUNCATE of {} of the {} partitions of {} was not applied to Doris table {}: it holds all partitions' rows;"
                        + " delete the truncated partitions' rows there, or copy the table again (doris-cdc sync)", named, all,
                        t.route.source(), t.route.target());
            }
        });
        return out;
    }

    /** The same column names with the same types, in any order (a leaf may order its columns differently). */
    private static boolean sameColumnsByName(TableSchema leaf, TableSchema table) {
        if (leaf.columnCount() != table.columnCount()) {
            return false;
        }
        for (var c : leaf.columns()) {
            int i = table.indexOf(c.name());
            if (i < 0 || table.column(i).type().oid() != c.type().oid() || table.column(i).type().typmod() != c.type().typmod()) {
                return false;
            }
        }
        return true;
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
