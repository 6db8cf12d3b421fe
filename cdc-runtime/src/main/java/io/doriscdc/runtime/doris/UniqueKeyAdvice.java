package io.doriscdc.runtime.doris;

import io.doriscdc.api.TableId;

/**
 * What to run for a table that has no unique key Doris can use: a primary key, or a unique index on
 * NOT NULL columns as its replica identity. REPLICA IDENTITY FULL alone is not one: keyed on every
 * column, a Doris Unique Key table collapses duplicate rows, and an update that gives one row
 * another's old values ({@code UPDATE t SET a = a * a}) deletes the other. The same words at start,
 * in {@code add_table} and in table creation. Stateless.
 */
public final class UniqueKeyAdvice {

    private UniqueKeyAdvice() {
    }

    /** The statements to run, with placeholders for the column names, for {@code table}. */
    public static String statements(TableId table) {
        String t = table.toSql();
        String index = io.doriscdc.api.Identifiers.quotePg(table.name() + "_cdc_key");
        return "add a primary key (ALTER TABLE " + t + " ADD PRIMARY KEY (<columns>)), or make a unique index on NOT NULL columns"
                + " its replica identity (CREATE UNIQUE INDEX " + index + " ON " + t + " (<columns>); ALTER TABLE " + t
                + " REPLICA IDENTITY USING INDEX " + index + "); REPLICA IDENTITY FULL alone is not enough: keyed on every column,"
                + " Doris would collapse duplicate rows and lose rows on updates";
    }
}
