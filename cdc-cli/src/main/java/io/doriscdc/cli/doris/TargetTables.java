package io.doriscdc.cli.doris;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.transport.SqlEndpoint;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Doris target tables from PostgreSQL columns: Unique Key on the primary key, merge-on-write,
 * a hidden bigint sequence column fed by the transports' version field (ARCHITECTURE.md, "Doris
 * table model"). Stateless.
 */
public final class TargetTables {

    private static final Logger LOG = LoggerFactory.getLogger(TargetTables.class);

    private TargetTables() {
    }

    /** The {@code CREATE TABLE IF NOT EXISTS} statement for a target. */
    public static String ddl(DorisTableId target, List<PgColumn> columns) {
        String keys = columns.stream().filter(PgColumn::key).map(c -> Identifiers.quoteDoris(c.name())).collect(Collectors.joining(", "));
        String cols = columns.stream()
                .map(c -> "  " + Identifiers.quoteDoris(c.name()) + " " + DorisTypes.of(c) + (c.key() ? " NOT NULL" : " NULL"))
                .collect(Collectors.joining(",\n"));
        return "CREATE TABLE IF NOT EXISTS " + target.toSql() + " (\n" + cols + "\n)\nUNIQUE KEY(" + keys + ")\n"
                + "DISTRIBUTED BY HASH(" + keys + ") BUCKETS AUTO\n"
                + "PROPERTIES (\n  \"enable_unique_key_merge_on_write\" = \"true\",\n  \"function_column.sequence_type\" = \"bigint\"\n)";
    }

    /**
     * Creates the database and the table if they do not exist; an existing table is checked instead:
     * every PostgreSQL column must be there, with the PostgreSQL key as its unique key.
     *
     * @throws io.doriscdc.api.ConfigException naming the columns that are missing or not keys, and the statement to run
     */
    public static void create(SqlEndpoint sql, DorisTableId target, List<PgColumn> columns) {
        Identifiers.requireDorisName(target.database(), "Doris database");
        sql.execute(target.database(), "CREATE DATABASE IF NOT EXISTS " + Identifiers.quoteDoris(target.database()));
        String ddl = ddl(target, columns);
        LOG.info("creating Doris table {} if it does not exist:\n{}", target, ddl);
        sql.execute(target.database(), ddl);
        checkCompatible(sql, target, columns);
    }

    /** Compares an existing Doris table ({@code DESC}) with the PostgreSQL columns. */
    static void checkCompatible(SqlEndpoint sql, DorisTableId target, List<PgColumn> columns) {
        java.util.Map<String, Boolean> doris = new java.util.HashMap<>(); // column -> is key
        for (var row : sql.execute(target.database(), "DESC " + target.toSql())) {
            doris.put(String.valueOf(row.get("Field")), "true".equalsIgnoreCase(String.valueOf(row.get("Key"))));
        }
        List<String> missing = new java.util.ArrayList<>();
        List<String> notKey = new java.util.ArrayList<>();
        for (PgColumn c : columns) {
            Boolean key = doris.get(c.name());
            if (key == null) {
                missing.add(c.name());
            } else if (c.key() && !key) {
                notKey.add(c.name());
            }
        }
        if (!missing.isEmpty() || !notKey.isEmpty()) {
            StringBuilder msg = new StringBuilder("Doris table " + target + " exists but does not fit its PostgreSQL table:");
            if (!missing.isEmpty()) {
                msg.append(" missing column(s) ").append(missing).append(" (add them with ALTER TABLE ").append(target.toSql())
                        .append(" ADD COLUMN ...);");
            }
            if (!notKey.isEmpty()) {
                msg.append(" column(s) ").append(notKey).append(" are the PostgreSQL key but not in the Doris UNIQUE KEY (recreate the table);");
            }
            throw new io.doriscdc.api.ConfigException(msg.append(" or drop it and let doris-cdc create it").toString());
        }
    }
}
