package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The schema of an emulated Unique Key table: visible columns (keys first), the sequence column
 * (hidden {@code __DORIS_SEQUENCE_COL__} of a type, or mapped to a real column) and the table
 * properties. Immutable and thread-safe; ALTER produces a new instance.
 */
record TableSchema(String db, String name, List<Column> columns, int keyCount, ColumnType hiddenSequenceType,
                   String mappedSequenceColumn, Map<String, String> properties) {

    static final String DELETE_SIGN = "__DORIS_DELETE_SIGN__";
    static final String SEQUENCE_COL = "__DORIS_SEQUENCE_COL__";

    TableSchema {
        columns = List.copyOf(columns);
        properties = Map.copyOf(properties);
    }

    boolean hasSequence() {
        return hiddenSequenceType != null || mappedSequenceColumn != null;
    }

    /** The type that sequence values are converted to. */
    ColumnType sequenceType() {
        return hiddenSequenceType != null ? hiddenSequenceType : column(mappedSequenceColumn).orElseThrow().type();
    }

    Optional<Column> column(String name) {
        for (Column c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    List<Column> keyColumns() {
        return columns.subList(0, keyCount);
    }

    List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (Column c : columns) {
            names.add(c.name());
        }
        return names;
    }

    static boolean isHidden(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.equals(DELETE_SIGN) || upper.equals(SEQUENCE_COL);
    }

    TableSchema withColumns(List<Column> newColumns) {
        return new TableSchema(db, name, newColumns, keyCount, hiddenSequenceType, mappedSequenceColumn, properties);
    }
}
