package io.doriscdc.emulator.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Databases and their tables. Names compare case-sensitively for tables and databases as Doris
 * does by default ({@code lower_case_table_names=0}). Thread-safe.
 */
final class Catalog {
    private final Map<String, Map<String, Table>> dbs = new ConcurrentHashMap<>();
    private volatile long modifyJobMillis;

    /** How long each MODIFY COLUMN job runs from now on (0: finished at once). */
    void modifyJobMillis(long millis) {
        modifyJobMillis = millis;
    }

    long modifyJobMillis() {
        return modifyJobMillis;
    }

    boolean createDatabase(String db) {
        return dbs.putIfAbsent(db, new ConcurrentHashMap<>()) == null;
    }

    boolean hasDatabase(String db) {
        return dbs.containsKey(db);
    }

    Optional<Table> table(String db, String name) {
        Map<String, Table> tables = dbs.get(db);
        return tables == null ? Optional.empty() : Optional.ofNullable(tables.get(name));
    }

    /** @return false if a table of that name exists already */
    boolean createTable(String db, TableSchema schema) {
        Map<String, Table> tables = dbs.get(db);
        if (tables == null) {
            throw new SqlException("Unknown database '" + db + "'");
        }
        return tables.putIfAbsent(schema.name(), new Table(schema)) == null;
    }

    boolean dropTable(String db, String name) {
        Map<String, Table> tables = dbs.get(db);
        return tables != null && tables.remove(name) != null;
    }

    /** The tables of a database, none when it does not exist. */
    java.util.Collection<Table> tables(String db) {
        Map<String, Table> tables = dbs.get(db);
        return tables == null ? java.util.List.of() : java.util.List.copyOf(tables.values());
    }

    Set<String> databases() {
        return Set.copyOf(dbs.keySet());
    }

}
