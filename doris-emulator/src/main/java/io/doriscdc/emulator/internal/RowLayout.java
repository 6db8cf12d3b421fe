package io.doriscdc.emulator.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The input fields one load reads, each at a slot of a {@link SourceRow}: the table's columns, the
 * sequence sources ({@code function_column.sequence_col}, a mapped sequence column, the hidden
 * {@code __DORIS_SEQUENCE_COL__}), {@code __DORIS_DELETE_SIGN__} and the column of a {@code delete}
 * condition. Names match case-insensitively, as Doris matches input fields to columns; a field of
 * any other name is read by nobody and has no slot. Immutable once built.
 */
final class RowLayout {
    private final Map<String, Integer> slots = new HashMap<>();

    private RowLayout() {
    }

    static RowLayout of(TableSchema schema, LoadOptions o) {
        RowLayout l = new RowLayout();
        for (Column c : schema.columns()) {
            l.add(c.name());
        }
        l.add(o.sequenceCol());
        l.add(schema.mappedSequenceColumn());
        l.add(TableSchema.SEQUENCE_COL);
        l.add(TableSchema.DELETE_SIGN);
        if (o.mergeType().equals("MERGE")) {
            l.add(DeleteCondition.columnOf(o.deleteCondition()));
        }
        return l;
    }

    private void add(String name) {
        if (name != null) {
            slots.putIfAbsent(name.toLowerCase(Locale.ROOT), slots.size());
        }
    }

    /** The slot of the field {@code name} (any case), or -1 when the load does not read it. */
    int slot(String name) {
        return name == null ? -1 : slots.getOrDefault(name.toLowerCase(Locale.ROOT), -1);
    }

    int size() {
        return slots.size();
    }
}
