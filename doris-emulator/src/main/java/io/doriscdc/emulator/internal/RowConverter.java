package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns source rows into {@link RowOp}s for one table under one load's options: type conversion
 * under strict/non-strict mode, defaults for missing columns, NOT NULL checks, the sequence value
 * (§4 sequence column), the delete sign (merge type, {@code delete} condition or
 * {@code __DORIS_DELETE_SIGN__}), and fixed or flexible partial updates. Not thread-safe; one per load.
 */
final class RowConverter {
    private final TableSchema schema;
    private final LoadOptions o;
    private final DeleteCondition deleteCondition;
    private final Set<String> fixedColumns;

    RowConverter(TableSchema schema, LoadOptions o) throws LoadException {
        this.schema = schema;
        this.o = o;
        this.deleteCondition = o.mergeType().equals("MERGE") ? DeleteCondition.parse(o.deleteCondition()) : null;
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
        return cols;
    }

    /** @return the op, or null after adding the row to {@code rejected} */
    RowOp convert(SourceRow row, List<Rejected> rejected) {
        Set<String> updated = fixedColumns;
        if (o.partialFlexible()) {
            updated = new HashSet<>();
            for (Column c : schema.columns()) {
                if (row.has(c.name())) {
                    updated.add(c.name());
                }
            }
        }
        Map<String, Object> values = new HashMap<>();
        List<Object> key = new ArrayList<>();
        for (Column c : schema.columns()) {
            boolean inScope = updated == null || updated.contains(c.name());
            if (!inScope) {
                if (c.key()) {
                    rejected.add(new Rejected(row.text, "the key column `" + c.name() + "` is missing in flexible partial update"));
                    return null;
                }
                continue;
            }
            Object v;
            if (row.has(c.name())) {
                Object raw = row.raw(c.name());
                if (raw == null) {
                    v = null;
                } else {
                    try {
                        v = convertRaw(c.type(), raw);
                    } catch (ConversionException e) {
                        if (o.strictMode()) {
                            rejected.add(new Rejected(row.text, "column(" + c.name() + ") value is incorrect: " + e.getMessage()));
                            return null;
                        }
                        v = null;
                    }
                }
            } else {
                v = c.missingValue();
            }
            if (v == null && !c.nullable()) {
                rejected.add(new Rejected(row.text, "column(" + c.name() + ") values is null while columns is not nullable"));
                return null;
            }
            values.put(c.name(), v);
            if (c.key()) {
                key.add(v);
            }
        }
        Object seq = null;
        if (schema.hasSequence()) {
            String src = sequenceSource(row);
            Object raw = src == null ? null : row.raw(src);
            if (raw != null) {
                try {
                    seq = convertRaw(schema.sequenceType(), raw);
                } catch (ConversionException e) {
                    if (o.strictMode()) {
                        rejected.add(new Rejected(row.text, "column(" + src + ") value is incorrect: " + e.getMessage()));
                        return null;
                    }
                }
            }
            if (schema.mappedSequenceColumn() != null && src != null && row.has(src)) {
                values.put(schema.mappedSequenceColumn(), seq);
                if (updated != null) {
                    updated = new HashSet<>(updated);
                    updated.add(schema.mappedSequenceColumn());
                }
            }
        }
        return new RowOp(List.copyOf(key), values, seq, isDelete(row), updated == null ? null : Set.copyOf(updated));
    }

    private String sequenceSource(SourceRow row) {
        if (o.sequenceCol() != null) {
            return o.sequenceCol();
        }
        if (schema.mappedSequenceColumn() != null && row.has(schema.mappedSequenceColumn())) {
            return schema.mappedSequenceColumn();
        }
        return row.has(TableSchema.SEQUENCE_COL) ? TableSchema.SEQUENCE_COL : null;
    }

    private boolean isDelete(SourceRow row) {
        switch (o.mergeType()) {
            case "DELETE": return true;
            case "MERGE": return deleteCondition.test(row);
            default:
                Object raw = row.raw(TableSchema.DELETE_SIGN);
                if (raw == null) {
                    return false;
                }
                String v = raw instanceof JsonNode j ? j.asText() : raw.toString();
                return v.trim().equals("1") || v.trim().equalsIgnoreCase("true");
        }
    }

    private static Object convertRaw(ColumnType type, Object raw) throws ConversionException {
        return raw instanceof JsonNode j ? ValueConverter.convert(type, j) : ValueConverter.convert(type, (String) raw);
    }
}
