package io.doriscdc.api.schema;

/**
 * The logical type family of a column: what a value means, independent of whether the server sent
 * it in text or binary form. Each constant documents the Java type that
 * {@link io.doriscdc.api.value.Row#getObject(int)} returns for it.
 */
public enum LogicalType {
    /** bool → {@link Boolean}. */
    BOOLEAN,
    /** int2 → {@link Short}; {@code getLong} works. */
    INT16,
    /** int4 → {@link Integer}; {@code getLong} works. */
    INT32,
    /** int8 → {@link Long}. */
    INT64,
    /** oid, xid and cid: unsigned 32-bit → {@link Long}. (The reg* types print names and are {@link #OTHER}.) */
    OID,
    /** float4 → {@link Float} (NaN and ±Infinity included); {@code getDouble} works. */
    FLOAT32,
    /** float8 → {@link Double} (NaN and ±Infinity included). */
    FLOAT64,
    /**
     * numeric → {@link java.math.BigDecimal} (exact, any precision and scale); NaN and ±Infinity
     * → {@link Double#NaN}, {@link Double#POSITIVE_INFINITY}, {@link Double#NEGATIVE_INFINITY}.
     */
    NUMERIC,
    /** money → {@link java.math.BigDecimal} (the amount; two fraction digits). */
    MONEY,
    /** text, varchar, bpchar, name, "char" → {@link String}. */
    TEXT,
    /** bytea → {@code byte[]}. */
    BYTES,
    /** uuid → {@link java.util.UUID}. */
    UUID,
    /** date → {@link java.time.LocalDate}; infinity/-infinity → {@code LocalDate.MAX/MIN}; BC dates as negative years (1 BC = year 0). */
    DATE,
    /** time → {@link java.time.LocalTime} (microseconds; 24:00:00 becomes {@code LocalTime.MAX}); {@code getLong} gives microseconds of the day exactly. */
    TIME,
    /** timetz → {@link java.time.OffsetTime}. */
    TIMETZ,
    /**
     * timestamp → {@link java.time.LocalDateTime}; infinity → {@code LocalDateTime.MAX/MIN};
     * {@code getLong} gives microseconds since 1970-01-01 00:00 ({@code Long.MAX_VALUE/MIN_VALUE} for ±infinity).
     */
    TIMESTAMP,
    /**
     * timestamptz → {@link java.time.Instant}; infinity → {@code Instant.MAX/MIN};
     * {@code getLong} gives microseconds since the Unix epoch ({@code Long.MAX_VALUE/MIN_VALUE} for ±infinity).
     */
    TIMESTAMPTZ,
    /** interval → {@link io.doriscdc.api.value.PgInterval}; PostgreSQL 17's infinity is all fields {@code MAX_VALUE}, -infinity all {@code MIN_VALUE}. */
    INTERVAL,
    /** json → {@link String} (the JSON text as stored). */
    JSON,
    /** jsonb → {@link String} (PostgreSQL's normalised JSON text). */
    JSONB,
    /** xml → {@link String}. */
    XML,
    /** a user-defined enum → {@link String} (the label). */
    ENUM,
    /** inet → {@link String} in PostgreSQL's text form. */
    INET,
    /** cidr → {@link String} in PostgreSQL's text form. */
    CIDR,
    /** macaddr → {@link String} in PostgreSQL's text form. */
    MACADDR,
    /** macaddr8 → {@link String} in PostgreSQL's text form. */
    MACADDR8,
    /** bit, varbit → {@link String} of '0' and '1'. */
    BIT,
    /**
     * An array of any element type → {@link java.util.List} of elements (nested lists for
     * multi-dimensional arrays; {@code null} elements kept).
     */
    ARRAY,
    /**
     * Everything else (geometric types, ranges, tsvector, composite and extension types) →
     * {@link String}: PostgreSQL's exact text form.
     */
    OTHER;

    /** True for the types whose value is text the server sends verbatim in UTF-8 (text, json, xml, enum). */
    public boolean isTextual() {
        return switch (this) {
            case TEXT, JSON, JSONB, XML, ENUM -> true;
            default -> false;
        };
    }

    /** True for the integer families whose value fits a {@code long}. */
    public boolean isIntegral() {
        return switch (this) {
            case INT16, INT32, INT64, OID -> true;
            default -> false;
        };
    }
}
