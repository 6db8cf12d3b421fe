package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ALTER TABLE t ADD COLUMN def [AFTER c|FIRST] | ADD COLUMN (def, ...) | DROP COLUMN c |
 * RENAME COLUMN old new | MODIFY COLUMN def [, ...]}: schema change on a merge-on-write table, as
 * Doris documents it (doris-website docs/sql-manual/sql-statements/table-and-view/table/ALTER-TABLE-COLUMN.md
 * and ALTER-TABLE-RENAME): existing rows read an added column's default; a renamed column keeps its
 * values; MODIFY COLUMN accepts the conversions of Doris's {@code ColumnType.schemaChangeMatrix}
 * that keep every value (integers and floats to larger ones, longer VARCHAR, DECIMAL to a larger
 * precision at the same scale, anything but dates to STRING) and answers others with Doris's
 * {@code Can not change X to Y}. Doris runs a MODIFY as an asynchronous job; the emulator lists it in
 * {@code SHOW ALTER TABLE COLUMN} and finishes it at once, or after {@link Catalog#modifyJobMillis()}.
 * Stateless.
 */
final class AlterTable {
    private AlterTable() {
    }

    static void apply(SqlCursor c, Table table, long modifyJobMillis) {
        table.requireNormal();
        TableSchema schema = table.schema();
        List<Column> cols = new ArrayList<>(schema.columns());
        List<String> dropped = new ArrayList<>();
        java.util.Map<String, String> renamed = new java.util.LinkedHashMap<>();
        boolean modified = false;
        do {
            if (c.accept("ADD")) {
                c.accept("COLUMN");
                if (c.peek().is("(")) {
                    c.next();
                    do {
                        add(cols, ColumnDefParser.parse(c, false), schema.keyCount(), null, false);
                    } while (c.accept(","));
                    c.expect(")");
                } else {
                    Column col = ColumnDefParser.parse(c, false);
                    String after = null;
                    boolean first = false;
                    if (c.accept("AFTER")) {
                        after = c.identifier();
                    } else if (c.accept("FIRST")) {
                        first = true;
                    }
                    add(cols, col, schema.keyCount(), after, first);
                }
            } else if (c.accept("DROP")) {
                c.accept("COLUMN");
                String name = c.identifier();
                int idx = indexOf(cols, name);
                if (idx < 0) {
                    throw new SqlException("Column does not exists: " + name);
                }
                if (cols.get(idx).key()) {
                    throw new SqlException("Can not drop key column in Unique data model table");
                }
                if (name.equalsIgnoreCase(schema.mappedSequenceColumn())) {
                    throw new SqlException("Can not drop sequence mapping column[" + name + "] in Unique data model table[" + schema.name() + "]");
                }
                dropped.add(cols.remove(idx).name());
            } else if (c.acceptAll("RENAME", "COLUMN")) {
                String from = c.identifier();
                String to = ColumnDefParser.checkName(c.identifier());
                int idx = indexOf(cols, from);
                if (idx < 0) {
                    throw new SqlException("Column[" + from + "] does not exists");
                }
                if (indexOf(cols, to) >= 0) {
                    throw new SqlException("Column name[" + to + "] is already used");
                }
                Column old = cols.get(idx);
                cols.set(idx, new Column(to, old.type(), old.nullable(), old.key(), old.defaultValue(), old.hasDefault(),
                        old.currentTimestampDefault()));
                renamed.put(old.name(), to);
            } else if (c.acceptAll("MODIFY", "COLUMN")) {
                Column col = ColumnDefParser.parse(c, false);
                int idx = indexOf(cols, col.name());
                if (idx < 0) {
                    throw new SqlException("Column[" + col.name() + "] does not exists");
                }
                Column old = cols.get(idx);
                if (!widens(old.type(), col.type())) {
                    throw new SqlException("Can not change " + old.type() + " to " + col.type());
                }
                cols.set(idx, new Column(old.name(), col.type(), old.nullable() || col.nullable(), old.key(), col.defaultValue(),
                        col.hasDefault(), col.currentTimestampDefault()));
                modified = true;
            } else {
                throw c.error("the emulator supports ADD, DROP, RENAME and MODIFY COLUMN only");
            }
            while (c.accept("TO") || c.accept("IN")) {
                c.identifier();
            }
        } while (c.accept(","));
        if (!c.atEnd()) {
            throw c.error("unexpected tokens after ALTER clause");
        }
        table.alter(schema.withColumns(cols), dropped, renamed, modified, modifyJobMillis);
    }

    /** Whether Doris converts every value of {@code from} to {@code to} in a schema change (a subset of ColumnType.schemaChangeMatrix). */
    static boolean widens(ColumnType from, ColumnType to) {
        ColumnType.Kind f = from.kind();
        ColumnType.Kind t = to.kind();
        List<ColumnType.Kind> integers = List.of(ColumnType.Kind.TINYINT, ColumnType.Kind.SMALLINT, ColumnType.Kind.INT,
                ColumnType.Kind.BIGINT, ColumnType.Kind.LARGEINT);
        if (integers.contains(f) && integers.contains(t)) {
            return integers.indexOf(t) >= integers.indexOf(f);
        }
        if (f == ColumnType.Kind.FLOAT && (t == ColumnType.Kind.FLOAT || t == ColumnType.Kind.DOUBLE)) {
            return true;
        }
        if (f == t && f == ColumnType.Kind.VARCHAR) {
            return to.length() >= from.length();
        }
        if (f == t && f == ColumnType.Kind.DECIMAL) {
            return to.scale() == from.scale() && to.precision() >= from.precision();
        }
        if (t == ColumnType.Kind.STRING) {
            return f != ColumnType.Kind.DATE && f != ColumnType.Kind.DATETIME && f != ColumnType.Kind.JSON && f != ColumnType.Kind.ARRAY
                    && f != ColumnType.Kind.MAP && f != ColumnType.Kind.STRUCT;
        }
        return from.equals(to);
    }

    private static void add(List<Column> cols, Column col, int keyCount, String after, boolean first) {
        if (indexOf(cols, col.name()) >= 0) {
            throw new SqlException("Can not add column which already exists in base table: " + col.name());
        }
        if (!col.nullable() && !col.hasDefault()) {
            throw new SqlException("Can not add column which is not nullable and has no default value: " + col.name());
        }
        int at = cols.size();
        if (first) {
            at = keyCount;
        } else if (after != null) {
            int idx = indexOf(cols, after);
            if (idx < 0) {
                throw new SqlException("Column[" + after + "] does not exists");
            }
            at = Math.max(idx + 1, keyCount);
        }
        cols.add(at, col);
    }

    private static int indexOf(List<Column> cols, String name) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
