package io.doriscdc.streamload.internal;

import io.doriscdc.api.schema.LogicalType;

/**
 * How a column's values are rendered for Doris, by logical type. {@link #bare()} kinds are written
 * without quotes in CSV (their text never holds a separator, quote or line break); the others are
 * enclosed and escaped.
 */
public enum ColumnKind {
    BOOLEAN, INTEGER, FLOAT32, FLOAT64, DECIMAL, DATE, TIMESTAMP, TIMESTAMPTZ,
    TIME, TIMETZ, INTERVAL, BYTES, UUID, JSON, ARRAY, TEXT;

    public static ColumnKind of(LogicalType t) {
        return switch (t) {
            case BOOLEAN -> BOOLEAN;
            case INT16, INT32, INT64, OID -> INTEGER;
            case FLOAT32 -> FLOAT32;
            case FLOAT64 -> FLOAT64;
            case NUMERIC, MONEY -> DECIMAL;
            case DATE -> DATE;
            case TIMESTAMP -> TIMESTAMP;
            case TIMESTAMPTZ -> TIMESTAMPTZ;
            case TIME -> TIME;
            case TIMETZ -> TIMETZ;
            case INTERVAL -> INTERVAL;
            case BYTES -> BYTES;
            case UUID -> UUID;
            case JSON, JSONB -> JSON;
            case ARRAY -> ARRAY;
            case TEXT, XML, ENUM, INET, CIDR, MACADDR, MACADDR8, BIT, OTHER -> TEXT;
        };
    }

    /** True when the rendered text is written unquoted in CSV and as a JSON number/boolean or plain string. */
    public boolean bare() {
        return switch (this) {
            case BOOLEAN, INTEGER, FLOAT32, FLOAT64, DECIMAL, DATE, TIMESTAMP, TIMESTAMPTZ -> true;
            default -> false;
        };
    }
}
