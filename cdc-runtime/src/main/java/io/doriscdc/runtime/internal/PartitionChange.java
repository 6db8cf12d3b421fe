package io.doriscdc.runtime.internal;

import io.doriscdc.api.TableId;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A row of {@code doris_cdc.partition_changes}, written by the {@code doris_cdc.follow_partitions}
 * event trigger in the transaction of an {@code ATTACH}/{@code DETACH PARTITION}, or by the
 * {@code doris_cdc.follow_truncate} trigger before a {@code TRUNCATE} of a leaf (control-plane.sql),
 * so that it reaches the pipeline at the DDL's position in the stream: PostgreSQL's stream itself says
 * nothing when rows join or leave a partitioned table that way.
 */
sealed interface PartitionChange {

    /** The published partitioned table. */
    TableId root();

    /** The leaf partition that joined or left it. */
    TableId leaf();

    /** A table (or the leaves of a partitioned one) attached with its rows: they are copied under a new snapshot. */
    record Attached(TableId root, TableId leaf) implements PartitionChange {
    }

    /**
     * One row of a leaf that left the table, by the root's key, to delete from the root's Doris table
     * at this position; {@code keyValues} is null for the one row that records an empty leaf. The
     * leaf was detached, or truncated on its own ({@code truncated}: a TRUNCATE of a partition, which
     * pgoutput does not publish through the root; recorded by the {@code doris_cdc.follow_truncate}
     * trigger).
     */
    record Detached(TableId root, TableId leaf, List<String> keyColumns, List<String> keyValues, boolean truncated)
            implements PartitionChange {

        /** What happened to the leaf, for messages. */
        public String what() {
            return truncated ? "truncated" : "detached";
        }
    }

    /**
     * Reads a streamed row of {@code doris_cdc.partition_changes}.
     *
     * @throws IllegalArgumentException when a column is missing or the operation unknown
     */
    static PartitionChange fromRow(Row row) {
        Map<String, Object> v = new HashMap<>();
        for (int i = 0; i < row.columnCount(); i++) {
            if (row.state(i) == ValueState.PRESENT) {
                v.put(row.schema().column(i).name(), row.getObject(i));
            }
        }
        TableId root = TableId.of(text(v, "root_schema"), text(v, "root_name"));
        TableId leaf = TableId.of(text(v, "leaf_schema"), text(v, "leaf_name"));
        String op = text(v, "op");
        return switch (op) {
            case "attach" -> new Attached(root, leaf);
            case "detach", "truncate" -> new Detached(root, leaf, strings(v, "key_columns"),
                    v.containsKey("key_values") ? strings(v, "key_values") : null, op.equals("truncate"));
            default -> throw new IllegalArgumentException("doris_cdc.partition_changes: unknown op '" + op + "'");
        };
    }

    private static String text(Map<String, Object> v, String column) {
        Object o = v.get(column);
        if (o == null) {
            throw new IllegalArgumentException("doris_cdc.partition_changes: column " + column + " is NULL or missing");
        }
        return o.toString();
    }

    private static List<String> strings(Map<String, Object> v, String column) {
        Object o = v.get(column);
        if (!(o instanceof List<?> list)) {
            throw new IllegalArgumentException("doris_cdc.partition_changes: column " + column + " is not a text array: " + o);
        }
        return list.stream().map(e -> e == null ? null : e.toString()).toList();
    }
}
