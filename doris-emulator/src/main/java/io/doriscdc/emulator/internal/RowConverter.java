package io.doriscdc.emulator.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns source rows into {@link RowOp}s for one table under one load's options: type conversion
 * under strict/non-strict mode, defaults for missing columns, NOT NULL checks, the sequence value
 * (§4 sequence column), the delete sign (merge type, {@code delete} condition or
 * {@code __DORIS_DELETE_SIGN__}), and fixed or flexible partial updates. Every field it reads has a
 * {@link RowLayout} slot, resolved once here. Not thread-safe; one per load.
 */
final class RowConverter {
    private final TableSchema schema;
    private final LoadOptions o;
    private final List<Column> columns;
    private final int[] columnSlots;
    private final DeleteCondition deleteCondition;
    private final int deleteConditionSlot;
    private final int deleteSignSlot;
    private final int sequenceColSlot;
    private final int mappedSequenceSlot;
    private final int hiddenSequenceSlot;
    private final Set<String> fixedColumns;
    private final long stringLimitBytes;

    RowConverter(TableSchema schema, LoadOptions o, RowLayout layout) throws LoadException {
        this(schema, o, layout, BeLimits.DEFAULTS.stringSoftLimitBytes());
    }

    /** @param stringLimitBytes the BE's {@code string_type_length_soft_limit_bytes} */
    RowConverter(TableSchema schema, LoadOptions o, RowLayout layout, long stringLimitBytes) throws LoadException {
        this.stringLimitBytes = stringLimitBytes;
        this.schema = schema;
        this.o = o;
        this.columns = schema.columns();
        this.columnSlots = new int[columns.size()];
        for (int i = 0; i < columnSlots.length; i++) {
            columnSlots[i] = layout.slot(columns.get(i).name());
        }
        this.deleteCondition = o.mergeType().equals("MERGE") ? DeleteCondition.parse(o.deleteCondition()) : null;
        this.deleteConditionSlot = deleteCondition == null ? -1 : layout.slot(deleteCondition.column());
        this.deleteSignSlot = layout.slot(TableSchema.DELETE_SIGN);
        this.sequenceColSlot = layout.slot(o.sequenceCol());
        this.mappedSequenceSlot = layout.slot(schema.mappedSequenceColumn());
        this.hiddenSequenceSlot = layout.slot(TableSchema.SEQUENCE_COL);
        this.fixedColumns = o.partialFixed() ? fixedColumns() : null;
    }

    private Set<String> fixedColumns() throws LoadException {
        Set<String> cols = new HashSet<>();
        List<String> names = o.columns() != null ? o.columns() : schema.columnNames();
        for (String n : names) {
            schema.column(n).ifPresent(c -> cols.add(c.name()));
        }
        for (Column k : schema.keyColumns()) {
            if (!cols.contains(k.name())) {
                throw LoadException.fe("Partial update should include all key columns, missing: " + k.name());
            }
        }
        return Set.copyOf(cols);
    }

    /** @return the op, or null after adding the row to {@code rejected} */
    RowOp convert(SourceRow row, List<Rejected> rejected) {
        Set<String> updated = fixedColumns;
        if (o.partialFlexible()) {
            updated = new HashSet<>();
            for (int i = 0; i < columnSlots.length; i++) {
                if (row.has(columnSlots[i])) {
                    updated.add(columns.get(i).name());
                }
            }
        }
        Map<String, Object> values = new HashMap<>();
        Object[] key = new Object[schema.keyCount()];
        int keys = 0;
        for (int i = 0; i < columnSlots.length; i++) {
            Column c = columns.get(i);
            boolean inScope = updated == null || updated.contains(c.name());
            if (!inScope) {
                if (c.key()) {
                    rejected.add(new Rejected(row.text(), "the key column `" + c.name() + "` is missing in flexible partial update"));
                    return null;
                }
                continue;
            }
            Object v;
            if (row.has(columnSlots[i])) {
                Object raw = row.raw(columnSlots[i]);
                String tooLong = raw instanceof String text ? tooLong(c.name(), c.type(), text) : null;
                if (tooLong != null) {
                    rejected.add(new Rejected(row.text(), tooLong));
                    return null;
                }
                if (raw == null) {
                    v = null;
                } else {
                    try {
                        v = convertRaw(c.type(), raw);
                    } catch (ConversionException e) {
                        if (o.strictMode()) {
                            rejected.add(new Rejected(row.text(), "column(" + c.name() + ") value is incorrect: " + e.getMessage()));
                            return null;
                        }
                        v = null;
                    }
                }
            } else {
                v = c.missingValue();
            }
            if (v == null && !c.nullable()) {
                rejected.add(new Rejected(row.text(), "column(" + c.name() + ") values is null while columns is not nullable"));
                return null;
            }
            values.put(c.name(), v);
            if (c.key()) {
                key[keys++] = v;
            }
        }
        Object seq = null;
        if (schema.hasSequence()) {
            int src = sequenceSource(row);
            Object raw = row.raw(src);
            if (raw != null) {
                try {
                    seq = convertRaw(schema.sequenceType(), raw);
                } catch (ConversionException e) {
                    if (o.strictMode()) {
                        rejected.add(new Rejected(row.text(), "column(" + sequenceSourceName(src) + ") value is incorrect: " + e.getMessage()));
                        return null;
                    }
                }
            }
            if (schema.mappedSequenceColumn() != null && row.has(src)) {
                values.put(schema.mappedSequenceColumn(), seq);
                if (updated != null) {
                    updated = new HashSet<>(updated);
                    updated.add(schema.mappedSequenceColumn());
                }
            }
        }
        // every key column is in scope (or the row was rejected); List.of, like List.copyOf before it, refuses a NULL key
        return new RowOp(List.of(key), values, seq, isDelete(row), updated == null ? null : Set.copyOf(updated));
    }

    /** The slot the sequence value comes from: the {@code function_column.sequence_col} field, else a mapped column's or the hidden one's field when present; -1 for none. */
    private int sequenceSource(SourceRow row) {
        if (o.sequenceCol() != null) {
            return sequenceColSlot;
        }
        if (schema.mappedSequenceColumn() != null && row.has(mappedSequenceSlot)) {
            return mappedSequenceSlot;
        }
        return row.has(hiddenSequenceSlot) ? hiddenSequenceSlot : -1;
    }

    private String sequenceSourceName(int slot) {
        if (o.sequenceCol() != null) {
            return o.sequenceCol();
        }
        return slot == mappedSequenceSlot && schema.mappedSequenceColumn() != null ? schema.mappedSequenceColumn() : TableSchema.SEQUENCE_COL;
    }

    private boolean isDelete(SourceRow row) {
        switch (o.mergeType()) {
            case "DELETE": return true;
            case "MERGE": return deleteCondition.test(row.rawText(deleteConditionSlot));
            default:
                String v = row.rawText(deleteSignSlot);
                return v != null && (v.trim().equals("1") || v.trim().equalsIgnoreCase("true"));
        }
    }

    /**
     * Doris's length check, in strict mode and outside it (be/src/vec/sink/vtablet_block_convertor.cpp,
     * {@code OlapTableBlockConvertor::_validate_column}): a CHAR, VARCHAR or STRING value longer than
     * {@code min(string_type_length_soft_limit_bytes, declared length)}, or a JSON value longer than the
     * soft limit, filters its row. Returns Doris's reason, or null when the value fits.
     */
    private String tooLong(String column, ColumnType type, String text) {
        long limit;
        switch (type.kind()) {
            case CHAR, VARCHAR -> limit = Math.min(stringLimitBytes, type.length());
            case STRING, JSON -> limit = stringLimitBytes;
            default -> {
                return null;
            }
        }
        if (text.length() <= limit / 3) {
            return null; // every char is at most 3 UTF-8 bytes (a surrogate pair 4 for 2 chars)
        }
        int bytes = ValueConverter.utf8Length(text);
        if (bytes <= limit) {
            return null;
        }
        // STRING's own length is Doris's largest (2,147,483,643): the soft limit is what binds it
        long schemaLength = type.kind() == ColumnType.Kind.STRING || type.kind() == ColumnType.Kind.JSON ? BeLimits.MAX_STRING_SOFT_LIMIT : type.length();
        return "column_name[" + column + "], the length of input string is too long than vec schema. first 32 bytes of input str: ["
                + (text.length() > 32 ? text.substring(0, 32) : text) + "] schema length: " + schemaLength + "; limit length: "
                + limit + "; actual length: " + bytes + "; ";
    }

    /** A JSON {@code true}/{@code false} is 1/0 for an integer column and its text otherwise, as Doris reads it. */
    private static Object convertRaw(ColumnType type, Object raw) throws ConversionException {
        if (raw instanceof Boolean b) {
            return ValueConverter.convert(type, isIntegral(type) ? (b ? "1" : "0") : b.toString());
        }
        return ValueConverter.convert(type, (String) raw);
    }

    private static boolean isIntegral(ColumnType type) {
        return switch (type.kind()) {
            case TINYINT, SMALLINT, INT, BIGINT, LARGEINT -> true;
            default -> false;
        };
    }
}
