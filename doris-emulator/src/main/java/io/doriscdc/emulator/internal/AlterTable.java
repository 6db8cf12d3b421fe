package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ALTER TABLE t ADD COLUMN def [AFTER c|FIRST] | ADD COLUMN (def, ...) | DROP COLUMN c [, ...]}:
 * light schema change on a merge-on-write table. Existing rows read the new column's default.
 * Stateless.
 */
final class AlterTable {
    private AlterTable() {
    }

    static void apply(SqlCursor c, Table table) {
        TableSchema schema = table.schema();
        List<Column> cols = new ArrayList<>(schema.columns());
        List<String> dropped = new ArrayList<>();
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
            } else {
                throw c.error("the emulator supports ADD COLUMN and DROP COLUMN only");
            }
            while (c.accept("TO") || c.accept("IN")) {
                c.identifier();
            }
        } while (c.accept(","));
        if (!c.atEnd()) {
            throw c.error("unexpected tokens after ALTER clause");
        }
        table.alter(schema.withColumns(cols), dropped);
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
