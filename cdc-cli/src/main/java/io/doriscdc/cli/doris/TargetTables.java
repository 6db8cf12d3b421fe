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

    /** Creates the database and the table if they do not exist. */
    public static void create(SqlEndpoint sql, DorisTableId target, List<PgColumn> columns) {
        Identifiers.requireDorisName(target.database(), "Doris database");
        sql.execute(target.database(), "CREATE DATABASE IF NOT EXISTS " + Identifiers.quoteDoris(target.database()));
        String ddl = ddl(target, columns);
        LOG.info("creating Doris table {} if it does not exist:\n{}", target, ddl);
        sql.execute(target.database(), ddl);
    }
}
