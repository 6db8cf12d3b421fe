package io.doriscdc.api.schema;

import io.doriscdc.api.TableId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A replicated table's shape at a point in the stream: its id, relation OID, replica identity and
 * columns in the order the server sends them. Immutable and thread-safe.
 */
public record TableSchema(TableId id, int relationOid, ReplicaIdentity replicaIdentity, List<Column> columns) {

    public TableSchema {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(replicaIdentity, "replicaIdentity");
        columns = List.copyOf(columns);
    }

    /** The index of the named column, or -1. */
    public int indexOf(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(columnName)) {
                return i;
            }
        }
        return -1;
    }

    public Column column(int index) {
        return columns.get(index);
    }

    public int columnCount() {
        return columns.size();
    }

    /** The key columns' indexes, in column order. */
    public int[] keyIndexes() {
        return java.util.stream.IntStream.range(0, columns.size()).filter(i -> columns.get(i).key()).toArray();
    }

    /** The key columns, in column order. */
    public List<Column> keyColumns() {
        List<Column> keys = new ArrayList<>();
        for (Column c : columns) {
            if (c.key()) {
                keys.add(c);
            }
        }
        return Collections.unmodifiableList(keys);
    }

    /** True if the two schemas have the same column names and types in the same order. */
    public boolean sameColumnsAs(TableSchema other) {
        if (other.columns.size() != columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            Column a = columns.get(i);
            Column b = other.columns.get(i);
            if (!a.name().equals(b.name()) || a.type().oid() != b.type().oid() || a.type().typmod() != b.type().typmod()) {
                return false;
            }
        }
        return true;
    }
}
