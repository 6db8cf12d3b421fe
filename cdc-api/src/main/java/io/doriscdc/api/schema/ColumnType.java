package io.doriscdc.api.schema;

import java.util.Objects;

/**
 * The type of a column as PostgreSQL describes it: type OID, type modifier, the logical family, the
 * type's name and, for arrays and domains, the type underneath. Immutable and thread-safe.
 *
 * @param oid the type OID ({@code pg_type.oid}); for a domain, the domain's own OID
 * @param typmod the type modifier ({@code atttypmod}), -1 when none
 * @param logical the logical family
 * @param name the type's name as {@code format_type} would print it without modifier, e.g. {@code numeric}, {@code _int4}, {@code mood}
 * @param element for {@link LogicalType#ARRAY} the element type; otherwise {@code null}
 */
public record ColumnType(int oid, int typmod, LogicalType logical, String name, ColumnType element) {

    public ColumnType {
        Objects.requireNonNull(logical, "logical");
        Objects.requireNonNull(name, "name");
        if ((logical == LogicalType.ARRAY) != (element != null)) {
            throw new IllegalArgumentException("an element type is required for arrays and only for them: " + name);
        }
    }

    public static ColumnType of(int oid, int typmod, LogicalType logical, String name) {
        return new ColumnType(oid, typmod, logical, name, null);
    }

    public static ColumnType arrayOf(int oid, String name, ColumnType element) {
        return new ColumnType(oid, -1, LogicalType.ARRAY, name, element);
    }

    /** A copy with another type modifier (the Relation message carries the column's typmod). */
    public ColumnType withTypmod(int newTypmod) {
        return newTypmod == typmod ? this : new ColumnType(oid, newTypmod, logical, name, element);
    }

    /** numeric(p,s): the declared precision, or -1 when unconstrained. */
    public int numericPrecision() {
        return logical == LogicalType.NUMERIC && typmod >= 4 ? ((typmod - 4) >> 16) & 0xffff : -1;
    }

    /** numeric(p,s): the declared scale, or -1 when unconstrained. Negative scales (PG15+) are returned as such. */
    public int numericScale() {
        if (logical != LogicalType.NUMERIC || typmod < 4) {
            return -1;
        }
        int s = (typmod - 4) & 0x7ff;
        return (s ^ 1024) - 1024; // sign-extend 11 bits
    }

    /** varchar(n)/bpchar(n)/bit(n)/varbit(n): the declared length, or -1 when unconstrained. */
    public int length() {
        return switch (logical) {
            case TEXT -> typmod >= 4 ? typmod - 4 : -1;
            case BIT -> typmod >= 0 ? typmod : -1;
            default -> -1;
        };
    }

    /** time/timetz/timestamp/timestamptz/interval: declared fractional-second precision 0–6, or -1 when unconstrained. */
    public int fractionalPrecision() {
        return switch (logical) {
            case TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ -> typmod >= 0 ? typmod : -1;
            case INTERVAL -> typmod >= 0 && (typmod & 0xffff) != 0xffff ? typmod & 0xffff : -1;
            default -> -1;
        };
    }

    @Override
    public String toString() {
        return name + (typmod >= 0 ? "(typmod " + typmod + ")" : "");
    }
}
