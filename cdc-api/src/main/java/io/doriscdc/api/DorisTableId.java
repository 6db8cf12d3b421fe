package io.doriscdc.api;

/**
 * A Doris table: database and table name, both validated against Doris's naming rules. Immutable
 * and thread-safe.
 */
public record DorisTableId(String database, String table) implements Comparable<DorisTableId> {

    public DorisTableId {
        Identifiers.requireDorisName(database, "Doris database");
        Identifiers.requireDorisName(table, "Doris table");
    }

    public static DorisTableId of(String database, String table) {
        return new DorisTableId(database, table);
    }

    /**
     * Parses {@code db.table}.
     *
     * @throws ConfigException naming the text when it is not two valid Doris names separated by a dot
     */
    public static DorisTableId parse(String text) {
        int dot = text == null ? -1 : text.indexOf('.');
        if (dot <= 0 || dot != text.lastIndexOf('.')) {
            throw new ConfigException("invalid Doris table " + Identifiers.printable(text) + ": expected database.table, e.g. mydb.users");
        }
        return new DorisTableId(text.substring(0, dot), text.substring(dot + 1));
    }

    /** {@code `db`.`table`} for Doris SQL. */
    public String toSql() {
        return Identifiers.quoteDoris(database) + '.' + Identifiers.quoteDoris(table);
    }

    @Override
    public int compareTo(DorisTableId o) {
        int c = database.compareTo(o.database);
        return c != 0 ? c : table.compareTo(o.table);
    }

    @Override
    public String toString() {
        return database + '.' + table;
    }
}
