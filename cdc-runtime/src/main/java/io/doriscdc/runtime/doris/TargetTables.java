package io.doriscdc.runtime.doris;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.runtime.internal.SequenceColumn;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Doris target tables from PostgreSQL columns and checks existing ones: Unique Key on the
 * primary key, merge-on-write, and a hidden LARGEINT sequence column
 * ({@code "function_column.sequence_type" = "largeint"}) fed by the transports' version field
 * (docs/operations.md, "The Doris table model").
 *
 * <p>Versions are 128-bit: commit LSN of the transaction × 2^64 + ordinal of the change within it,
 * so no two changes of a key share a version; they fit LARGEINT (signed 128 bits) while LSNs stay
 * below 2^63. A table created with a BIGINT sequence (doris-cdc 0.1) or none cannot hold them, and
 * {@link #create} refuses it with a {@code ConfigException} that says how to recreate it.
 *
 * <p>Stateless and thread-safe.
 */
public final class TargetTables {

    /** The sequence type of the tables doris-cdc writes to, as Doris's SHOW CREATE TABLE spells it. */
    static final String SEQUENCE_TYPE = SequenceColumn.TYPE;

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
                + "PROPERTIES (\n  \"enable_unique_key_merge_on_write\" = \"true\",\n  \"function_column.sequence_type\" = \""
                + SEQUENCE_TYPE + "\"\n)";
    }

    /**
     * As {@link #create(SqlEndpoint, TableId, DorisTableId, List)}, for callers that do not know the
     * PostgreSQL table: the migration advice then names it as {@code <schema.table>}.
     */
    public static void create(SqlEndpoint sql, DorisTableId target, List<PgColumn> columns) {
        create(sql, null, target, columns);
    }

    /**
     * Creates the database and the table if they do not exist; an existing table is checked instead:
     * it must have a LARGEINT sequence column, every PostgreSQL column, and the PostgreSQL key as its
     * unique key.
     *
     * @param source the PostgreSQL table, named in the migration advice; null if unknown
     * @throws io.doriscdc.api.ConfigException naming the table, what does not fit, and the statements to run
     */
    public static void create(SqlEndpoint sql, TableId source, DorisTableId target, List<PgColumn> columns) {
        create(sql, source, target, columns, false);
    }

    /**
     * As {@link #create(SqlEndpoint, TableId, DorisTableId, List)}; with {@code streamCatchesUp} (the
     * pipeline's slot already streams the table, so the changes it has not acknowledged are replayed
     * with their Relation messages) an existing table that lacks non-key columns of the PostgreSQL
     * table is accepted: Doris lags, and the stream adds or renames the columns at their positions
     * (issue 23 finding 1). A key that does not fit is refused either way: no replay changes it.
     */
    public static void create(SqlEndpoint sql, TableId source, DorisTableId target, List<PgColumn> columns, boolean streamCatchesUp) {
        Identifiers.requireDorisName(target.database(), "Doris database");
        sql.execute(target.database(), "CREATE DATABASE IF NOT EXISTS " + Identifiers.quoteDoris(target.database()));
        String ddl = ddl(target, columns);
        LOG.info("creating Doris table {} if it does not exist:\n{}", target, ddl);
        sql.execute(target.database(), ddl);
        checkCompatible(sql, source, target, columns, streamCatchesUp);
    }

    /**
     * Compares an existing Doris table with the PostgreSQL columns: its sequence column
     * ({@code SHOW CREATE TABLE}) first, since a wrong one means recreating the table anyway, then
     * its columns and key ({@code DESC}).
     */
    static void checkCompatible(SqlEndpoint sql, TableId source, DorisTableId target, List<PgColumn> columns, boolean streamCatchesUp) {
        checkSequence(sql, source, target, columns);
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
        boolean keyMissing = columns.stream().anyMatch(c -> c.key() && missing.contains(c.name()));
        if (streamCatchesUp && !missing.isEmpty() && notKey.isEmpty() && !keyMissing) {
            LOG.info("Doris table {} lags PostgreSQL table {}: it lacks column(s) {}, added or renamed since the last change the pipeline"
                    + " acknowledged; the stream the slot still holds applies those column changes in order", target, source, missing);
            return;
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
            throw new ConfigException(msg.append(" or drop it and let doris-cdc create it").toString());
        }
    }

    /** Refuses a table whose sequence column is not a hidden LARGEINT one, saying how to recreate and re-copy it. */
    private static void checkSequence(SqlEndpoint sql, TableId source, DorisTableId target, List<PgColumn> columns) {
        SequenceColumn.require(sql, source, target, ddl(target, columns));
    }
}
