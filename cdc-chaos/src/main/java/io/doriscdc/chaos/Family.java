package io.doriscdc.chaos;

/**
 * How the values of a column compare between PostgreSQL and Doris: each family has one canonical text
 * ({@link Canonical}), so that equal values give equal text on both sides.
 */
enum Family {
    BOOL, INT, DECIMAL, FLOAT4, FLOAT8, DATE, TIMESTAMP, TIMESTAMPTZ, TIME, TEXT, JSON, ARRAY;

    /** The expression that reads a column from PostgreSQL as the text {@link Canonical#ofPostgres} expects. */
    String pgSelect(String column) {
        return switch (this) {
            case TIMESTAMPTZ -> "(" + column + " AT TIME ZONE 'UTC')::text";
            case ARRAY -> "array_to_json(" + column + ")::text";
            default -> column + "::text";
        };
    }
}
