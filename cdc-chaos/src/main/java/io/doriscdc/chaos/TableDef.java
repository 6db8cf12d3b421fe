package io.doriscdc.chaos;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One chaos table: columns (Doris key columns first, in key order), the Doris key, whether PostgreSQL
 * has it as primary key (otherwise a statement makes a unique index on it the replica identity),
 * statements that finish its PostgreSQL definition (storage, replica identity, partitions), and its
 * partitioning ({@code LIST (region)}; null for a plain table). Immutable.
 */
record TableDef(String name, List<ColumnDef> columns, List<String> key, boolean pgPrimaryKey, List<String> pgExtra, String partitionBy) {

    TableDef(String name, List<ColumnDef> columns, List<String> key, boolean pgPrimaryKey, List<String> pgExtra) {
        this(name, columns, key, pgPrimaryKey, pgExtra, null);
    }

    String pgDdl() {
        String cols = columns.stream().map(c -> c.name() + " " + c.pgType()).collect(Collectors.joining(", "));
        return "CREATE TABLE " + name + " (" + cols + (pgPrimaryKey ? ", PRIMARY KEY (" + String.join(", ", key) + ")" : "") + ")"
                + (partitionBy == null ? "" : " PARTITION BY " + partitionBy);
    }

    /** Unique Key, merge-on-write, a hidden 128-bit sequence column; key columns NOT NULL, the others NULL-able. */
    String dorisDdl(String db) {
        String cols = columns.stream()
                .map(c -> c.name() + " " + c.dorisType() + (key.contains(c.name()) ? " NOT NULL" : " NULL"))
                .collect(Collectors.joining(", "));
        return "CREATE TABLE " + db + "." + name + " (" + cols + ") UNIQUE KEY(" + String.join(", ", key) + ") "
                + "DISTRIBUTED BY HASH(" + key.get(0) + ") BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\", "
                + "\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")";
    }

    ColumnDef column(String column) {
        return columns.stream().filter(c -> c.name().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table " + name + " has no column " + column));
    }
}
