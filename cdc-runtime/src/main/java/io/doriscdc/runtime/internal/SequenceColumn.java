package io.doriscdc.runtime.internal;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.SqlEndpoint;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a Doris target table has the sequence column doris-cdc's versions need: a hidden one
 * of type {@code LARGEINT} (versions are commit LSN × 2^64 + ordinal; see
 * {@link io.doriscdc.api.StreamPosition}). A table made by doris-cdc 0.1 has a {@code bigint} one,
 * which would turn every version into a conversion error, or, in Doris's non-strict mode, into a
 * NULL sequence that orders nothing. Reads {@code SHOW CREATE TABLE}, whose "Create Table" column
 * holds the table's {@code PROPERTIES} (Doris {@code ShowCreateTableCommand}). Stateless.
 */
public final class SequenceColumn {

    /** The sequence type doris-cdc creates and requires. */
    public static final String TYPE = "largeint";

    private static final Pattern SEQUENCE_TYPE_PROPERTY =
            Pattern.compile("\"function_column\\.sequence_type\"\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern SEQUENCE_COL_PROPERTY =
            Pattern.compile("\"function_column\\.sequence_col\"\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private SequenceColumn() {
    }

    /**
     * Refuses a table whose sequence column is not a hidden LARGEINT one, saying how to recreate and re-copy it.
     *
     * @param source the PostgreSQL table, named in the migration advice; null if unknown
     * @param recreate the statement that creates the table as doris-cdc wants it, or null when the caller cannot make it
     * @throws ConfigException naming the table, what it has, and the statements to run
     */
    public static void require(SqlEndpoint sql, TableId source, DorisTableId target, String recreate) {
        List<Map<String, Object>> rows = sql.execute(target.database(), "SHOW CREATE TABLE " + target.toSql());
        Object text = rows.isEmpty() ? null : rows.get(0).get("Create Table");
        if (text == null) {
            throw new ConfigException("SHOW CREATE TABLE " + target.toSql() + " returned no \"Create Table\" column "
                    + "(got " + rows + "); cannot check the sequence column of Doris table " + target);
        }
        String createTable = text.toString();
        Matcher type = SEQUENCE_TYPE_PROPERTY.matcher(createTable);
        Matcher mapped = SEQUENCE_COL_PROPERTY.matcher(createTable);
        String found;
        if (type.find()) {
            if (type.group(1).equalsIgnoreCase(TYPE)) {
                return;
            }
            found = "a " + type.group(1).toUpperCase(Locale.ROOT) + " sequence column (\"function_column.sequence_type\" = \""
                    + type.group(1) + "\"" + (type.group(1).equalsIgnoreCase("bigint") ? ", as doris-cdc 0.1 created it)" : ")");
        } else if (mapped.find()) {
            found = "its sequence mapped to column " + mapped.group(1) + " (\"function_column.sequence_col\" = \"" + mapped.group(1) + "\")";
        } else {
            found = "no sequence column";
        }
        String pgTable = source == null ? "<schema.table>" : source.toString();
        String create = recreate != null ? " with:\n" + recreate + ";\n"
                : " with the same columns, UNIQUE KEY and \"enable_unique_key_merge_on_write\" = \"true\", and "
                + "\"function_column.sequence_type\" = \"largeint\" (the doris-cdc command does this with transport.create-tables: true);\n";
        throw new ConfigException("Doris table " + target + " has " + found + ", but doris-cdc needs a hidden LARGEINT one "
                + "(\"function_column.sequence_type\" = \"largeint\"): its versions are the commit LSN × 2^64 + the change's "
                + "ordinal in its transaction, which only LARGEINT holds. To migrate: (1) DROP TABLE " + target.toSql()
                + "; and create it again" + create
                + "(2) start the pipeline again; (3) copy the rows again with: doris-cdc sync --config <pipeline.yaml> --table "
                + pgTable + " (or Pipeline.syncTable; until the copy is done, rows that did not change meanwhile are missing from the table)");
    }
}
