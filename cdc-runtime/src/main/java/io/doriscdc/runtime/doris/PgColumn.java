package io.doriscdc.runtime.doris;

import java.util.Objects;

/**
 * A PostgreSQL column as the catalog describes it. Immutable.
 *
 * @param name the column name
 * @param typeName the type's internal name ({@code pg_type.typname}: int4, numeric, varchar, _int4, …)
 * @param formattedType {@code format_type(atttypid, atttypmod)}: {@code numeric(12,2)}, {@code character varying(200)}, …
 * @param category {@code pg_type.typcategory} (N numeric, S string, E enum, A array, U user-defined, …)
 * @param notNull whether the column is NOT NULL
 * @param key whether it is part of the primary key (or replica identity)
 */
public record PgColumn(String name, String typeName, String formattedType, char category, boolean notNull, boolean key) {

    public PgColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(formattedType, "formattedType");
    }

    /** The numbers in the formatted type's parentheses: {@code numeric(12,2)} → [12, 2]; none → []. */
    int[] modifiers() {
        int open = formattedType.indexOf('(');
        int close = formattedType.indexOf(')', open + 1);
        if (open < 0 || close < 0) {
            return new int[0];
        }
        String[] parts = formattedType.substring(open + 1, close).split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }
}
