package io.doriscdc.runtime.internal;

import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.Row;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the rows of {@code doris_cdc.partition_changes} (an ATTACH or DETACH PARTITION of a mapped
 * partitioned table, recorded by the pipeline's event trigger) at their place in the stream, each
 * at its root's next position. Worker thread only, for the {@link ChangeRouter}.
 */
final class PartitionChanges {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionChanges.class);

    private final ChangeRouter.Target target;
    private final TransactionPositions positions;
    private final TextRows text = new TextRows();
    private final Set<String> unkeyedDetach = new HashSet<>();

    PartitionChanges(ChangeRouter.Target target, TransactionPositions positions) {
        this.target = target;
        this.positions = positions;
    }

    /**
     * An ATTACH or DETACH PARTITION, or a TRUNCATE of a leaf, of a mapped table, at its position among
     * the table's changes (the rows a detached leaf had before it come first): an attached leaf is
     * copied; each row of a detached or truncated leaf is deleted from the table's Doris table by its
     * key, like a streamed delete (its rows left the table without a row change in the stream).
     */
    void apply(PartitionChange change, long bytes, long commitMicros) {
        TableRuntime t = target.mappedTable(change.root());
        if (t == null) {
            return;
        }
        StreamPosition position = positions.next(t);
        if (t.supersededAt(position)) {
            return;
        }
        if (change instanceof PartitionChange.Attached a) {
            target.partitionAttached(t, a.leaf(), position);
            return;
        }
        PartitionChange.Detached d = (PartitionChange.Detached) change;
        if (d.keyValues() == null) {
            LOG.info("partition {} of {} was {} at {} with no rows", d.leaf(), d.root(), d.what(), position);
            return;
        }
        TableSchema schema = t.batcher.schema();
        String[] texts = new String[schema.columnCount()];
        for (int k : schema.keyIndexes()) {
            String column = schema.column(k).name();
            int i = d.keyColumns().indexOf(column);
            if (i < 0) {
                if (unkeyedDetach.add(d.leaf() + "@" + position.commitLsn())) {
                    LOG.error("partition {} of {} was {} at {}, but the rows recorded for it lack key column {} of Doris table {}"
                            + " (recorded: {}): its rows stay in Doris; delete them there by hand", d.leaf(), d.root(), d.what(), position, column,
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
}
