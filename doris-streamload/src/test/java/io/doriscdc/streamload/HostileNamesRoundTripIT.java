package io.doriscdc.streamload;

import static io.doriscdc.streamload.EmulatorFixture.await;
import static io.doriscdc.streamload.EmulatorFixture.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.value.ObjectRow;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.emulator.LoadRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostgreSQL column names that are hostile in a Stream Load header or in SQL go through each encoder
 * into the emulator (which parses the {@code columns} header as Doris's FE does) and every value reads
 * back in its own column, with the delete sign and the version doing their job.
 */
class HostileNamesRoundTripIT {

    static final ColumnType INT8 = ColumnType.of(20, -1, LogicalType.INT64, "int8");
    static final ColumnType TEXT = ColumnType.of(25, -1, LogicalType.TEXT, "text");

    /** The key first; the others hostile: each would shift or break an unquoted {@code columns} header. */
    static final List<String> NAMES = List.of("select", "a,b", "x,__DORIS_DELETE_SIGN__", "a`b", "v`,`__doris_cdc_version", "say \"hi\"",
            "it's", "with space", " lead", "名前", "größe", "from", "order", "Mixed", "=1", "--", "😀");

    static DorisEmulator emu;

    @BeforeAll
    static void start() {
        emu = DorisEmulator.builder().backends(1).user("root", "pw").start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static TableSchema schema(String table) {
        List<Column> cols = NAMES.stream().map(n -> new Column(n, n.equals("select") ? INT8 : TEXT, n.equals("select"), !n.equals("select")))
                .collect(Collectors.toList());
        return new TableSchema(TableId.of("public", table), 7, ReplicaIdentity.DEFAULT, cols);
    }

    /** The DDL TargetTables writes: every name backquoted. */
    static String ddl() {
        return NAMES.stream().map(n -> Identifiers.quoteDoris(n) + (n.equals("select") ? " BIGINT NOT NULL" : " STRING NULL"))
                .collect(Collectors.joining(", "));
    }

    /** Row {@code id}: each text column holds its own name and the id, and "1" where a shifted delete sign would read it. */
    static Object[] row(long id, String tag) {
        Object[] v = new Object[NAMES.size()];
        v[0] = id;
        for (int i = 1; i < v.length; i++) {
            v[i] = NAMES.get(i).startsWith("x,") ? "1" : NAMES.get(i) + "#" + id + tag;
        }
        return v;
    }

    static Map<String, Object> expected(long id, String tag) {
        Object[] v = row(id, tag);
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            m.put(NAMES.get(i), v[i]);
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "csv"})
    void everyValueLandsInItsOwnColumnWhateverTheColumnIsCalled(String format) {
        EmulatorFixture fx = new EmulatorFixture(emu);
        // table names: reserved words are allowed (the URL path carries them as they are, SQL backquotes them)
        String tableName = format.equals("csv") ? "order" : "select";
        DorisTableId table = fx.table(tableName, ddl(), Identifiers.quoteDoris("select"));
        TableSchema schema = schema(tableName);
        int loadsBefore = emu.loads().size();
        try (StreamLoadTransport t = fx.transport(map("format", format, "csv-separator", ","), PipelineListener.NONE)) {
            await(t.deliver(fx.batch(t, schema, table, e -> {
                for (long id = 1; id <= 4; id++) {
                    e.upsert(ObjectRow.of(schema, row(id, "")), StreamPosition.of(100, (int) id));
                }
                e.upsert(ObjectRow.of(schema, row(2, "-updated")), StreamPosition.of(101, 1));
                e.delete(ObjectRow.of(schema, row(3, "")), StreamPosition.of(102, 1));
                // a partial column update (TOAST unchanged): the partial_columns part names its columns too
                Object[] partial = row(4, "-partial");
                for (int i = 2; i < partial.length; i += 2) {
                    partial[i] = ObjectRow.UNCHANGED;
                }
                e.upsert(ObjectRow.of(schema, partial), StreamPosition.of(103, 1));
            })));
            // a stale version of key 1 must lose to the stored one: the version went to the sequence column
            await(t.deliver(fx.batch(t, schema, table, e -> e.upsert(ObjectRow.of(schema, row(1, "-stale")), StreamPosition.of(50, 1)))));
        }
        List<LoadRecord> loads = emu.loads().subList(loadsBefore, emu.loads().size());
        assertThat(loads).allSatisfy(l -> {
            assertThat(l.status()).isEqualTo("Success");
            assertThat(l.rowsFiltered()).isZero();
        });
        assertThat(loads).anySatisfy(l -> assertThat(l.headers()).containsEntry("partial_columns", "true"));

        Map<String, Object> partialRow = expected(4, "-partial");
        Map<String, Object> before = expected(4, "");
        for (int i = 2; i < NAMES.size(); i += 2) {
            partialRow.put(NAMES.get(i), before.get(NAMES.get(i)));
        }
        assertThat(emu.table("it", tableName).columns()).containsExactlyElementsOf(NAMES);
        assertThat(emu.table("it", tableName).rows()).containsExactly(expected(1, ""), expected(2, "-updated"), partialRow);
        // and the statements the pipeline sends over the FE's SQL endpoint name them backquoted
        try (StreamLoadTransport t = fx.transport(map(), PipelineListener.NONE)) {
            SqlEndpoint sql = t.sql().orElseThrow();
            String cols = NAMES.stream().map(Identifiers::quoteDoris).collect(Collectors.joining(", "));
            List<Map<String, Object>> viaSql = sql.execute("it", "SELECT " + cols + " FROM " + table.toSql() + " ORDER BY "
                    + Identifiers.quoteDoris("select"));
            assertThat(viaSql).hasSize(3);
            assertThat(viaSql.get(1)).isEqualTo(expected(2, "-updated"));
            assertThat(sql.execute("it", "DESC " + table.toSql())).extracting(r -> r.get("Field")).containsExactlyElementsOf(NAMES);
            assertThat(sql.execute("it", "SHOW CREATE TABLE " + table.toSql())).hasSize(1);
            sql.execute("it", "TRUNCATE TABLE " + table.toSql());
        }
        assertThat(emu.table("it", tableName).rows()).isEmpty();
    }

    @Test
    void aNameThatCannotBeMadeSafeIsRefusedNamingTableAndColumn() {
        EmulatorFixture fx = new EmulatorFixture(emu);
        DorisTableId table = fx.table("refused", "`id` BIGINT NOT NULL", "`id`");
        try (StreamLoadTransport t = fx.transport(map(), PipelineListener.NONE)) {
            for (String bad : List.of("price.net", "__DORIS_DELETE_SIGN__", "__doris_cdc_version", "line\nbreak", "trailing ")) {
                TableSchema s = new TableSchema(TableId.of("public", "refused"), 8, ReplicaIdentity.DEFAULT,
                        List.of(new Column("id", INT8, true, false), new Column(bad, TEXT, false, true)));
                assertThatThrownBy(() -> t.newEncoder(new TableMapping(s, table))).as(bad).isInstanceOf(ConfigException.class)
                        .hasMessageContaining("public.refused").hasMessageContaining(bad.substring(0, 5));
            }
            TableSchema twins = new TableSchema(TableId.of("public", "refused"), 8, ReplicaIdentity.DEFAULT,
                    List.of(new Column("id", INT8, true, false), new Column("Name", TEXT, false, true), new Column("name", TEXT, false, true)));
            assertThatThrownBy(() -> t.newEncoder(new TableMapping(twins, table))).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("\"Name\" and \"name\" of public.refused").hasMessageContaining("ignores case");
        }
    }
}
