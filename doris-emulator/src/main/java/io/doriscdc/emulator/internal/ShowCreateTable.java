package io.doriscdc.emulator.internal;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code SHOW CREATE TABLE [db.]t}, answered as Doris does: one row of two columns, {@code Table}
 * and {@code Create Table} (apache/doris FE {@code ShowCreateTableCommand.META_DATA}), the latter
 * built like {@code Env.getDdlStmt} with no database name (the command passes {@code dbName = null}):
 *
 * <pre>
 * CREATE TABLE `t` (
 *   `k` bigint NOT NULL,
 *   `v` varchar(10) NULL DEFAULT "x"
 * ) ENGINE=OLAP
 * UNIQUE KEY(`k`)
 * PROPERTIES (
 * "enable_unique_key_merge_on_write" = "true",
 * "function_column.sequence_type" = "largeint"
 * );
 * </pre>
 *
 * Column lines follow {@code Column.toSql(isUniqueTable, isCompatible=true)}: two spaces, the quoted
 * name, the type in lower case (datev2/datetimev2 shown as date/datetime), {@code NULL} or
 * {@code NOT NULL}, {@code DEFAULT "v"}. The sequence property follows {@code Env.addOlapTablePropertyInfo}:
 * {@code "function_column.sequence_col" = "<column>"} for a mapped sequence, else
 * {@code "function_column.sequence_type" = "<type>"} with the type's {@code ScalarType.toString()},
 * i.e. the lower-case primitive type name ({@code largeint}, {@code bigint}, …, {@code datev2},
 * {@code datetimev2(0)}). {@code enable_unique_key_merge_on_write} is always printed for a Unique Key
 * table.
 *
 * <p>Simplifications: the emulator does not keep the partition and distribution clauses or the
 * properties Doris adds by itself ({@code replication_allocation}, {@code storage_format}, …), so
 * it prints neither; the other properties given at CREATE TABLE are printed as given, sorted by
 * name. Stateless.
 */
final class ShowCreateTable {
    private static final String SEQUENCE_TYPE = "function_column.sequence_type";
    private static final String SEQUENCE_COL = "function_column.sequence_col";
    private static final String MERGE_ON_WRITE = "enable_unique_key_merge_on_write";
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ShowCreateTable() {
    }

    static SqlResult of(TableSchema schema) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Table", schema.name());
        row.put("Create Table", ddl(schema));
        return new SqlResult(true, List.of("Table", "Create Table"), List.of("VARCHAR", "VARCHAR"), List.of(row));
    }

    static String ddl(TableSchema schema) {
        StringBuilder sb = new StringBuilder("CREATE TABLE `").append(schema.name()).append("` (\n");
        List<String> lines = new ArrayList<>();
        for (Column c : schema.columns()) {
            lines.add("  " + column(c));
        }
        sb.append(String.join(",\n", lines)).append("\n) ENGINE=OLAP\nUNIQUE KEY(");
        List<String> keys = new ArrayList<>();
        for (Column k : schema.keyColumns()) {
            keys.add("`" + k.name() + "`");
        }
        sb.append(String.join(", ", keys)).append(")\nPROPERTIES (\n");
        List<String> props = new ArrayList<>();
        new TreeMap<>(schema.properties()).forEach((k, v) -> {
            if (!k.equals(SEQUENCE_TYPE) && !k.equals(SEQUENCE_COL) && !k.equals(MERGE_ON_WRITE)) {
                props.add(property(k, v));
            }
        });
        // Unique Key tables are merge-on-write by default since Doris 2.1, and Doris always prints the property
        props.add(property(MERGE_ON_WRITE, schema.properties().getOrDefault(MERGE_ON_WRITE, "true").toLowerCase(Locale.ROOT)));
        if (schema.mappedSequenceColumn() != null) {
            props.add(property(SEQUENCE_COL, schema.mappedSequenceColumn()));
        } else if (schema.hiddenSequenceType() != null) {
            props.add(property(SEQUENCE_TYPE, sequenceTypeName(schema)));
        }
        return sb.append(String.join(",\n", props)).append("\n);").toString();
    }

    /** {@code ScalarType.toString()} of the hidden sequence column's type: the lower-case primitive type name. */
    static String sequenceTypeName(TableSchema schema) {
        String given = schema.properties().getOrDefault(SEQUENCE_TYPE, "").toLowerCase(Locale.ROOT);
        return switch (schema.hiddenSequenceType().kind()) {
            case DATE -> given.equals("datev2") ? "datev2" : "date";
            case DATETIME -> given.equals("datetimev2") ? "datetimev2(0)" : "datetime";
            default -> schema.hiddenSequenceType().kind().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String column(Column c) {
        StringBuilder sb = new StringBuilder("`").append(c.name()).append("` ").append(typeSql(c.type()));
        sb.append(c.nullable() ? " NULL" : " NOT NULL");
        if (c.currentTimestampDefault()) {
            sb.append(" DEFAULT CURRENT_TIMESTAMP");
        } else if (c.hasDefault() && c.defaultValue() != null) {
            Object v = c.defaultValue();
            sb.append(" DEFAULT \"").append(v instanceof LocalDateTime t ? t.format(DATETIME) : v.toString()).append('"');
        }
        return sb.toString();
    }

    /** {@code Type.toSql()} spelling: lower case, STRING as text, JSONB as json. */
    private static String typeSql(ColumnType type) {
        return switch (type.kind()) {
            case STRING -> "text";
            case JSON -> type.sql().equalsIgnoreCase("VARIANT") ? "variant" : "json";
            default -> type.sql().toLowerCase(Locale.ROOT);
        };
    }

    private static String property(String key, String value) {
        return "\"" + key + "\" = \"" + value + "\"";
    }
}
