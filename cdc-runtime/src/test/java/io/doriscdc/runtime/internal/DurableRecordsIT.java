package io.doriscdc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.runtime.internal.control.ControlPlane;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23 finding 7: the replay-safety records ({@code applied_truncates},
 * {@code applied_schema_changes}) and the mappings are committed with {@code synchronous_commit = on}
 * even where the default is {@code off}. A trigger on each table writes down the setting of the
 * transaction that wrote the record; the database's default is {@code off} (a database-level
 * setting, like a server-level one, is what every new session starts with, and leaves the server
 * other test classes share untouched).
 */
@PostgresTest
class DurableRecordsIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    @BeforeAll
    static void setUp() throws SQLException {
        try (Connection c = PG.connect()) {
            ControlPlane.install(c);
        }
        PG.execute("CREATE TABLE public.seen (tbl text, sync text)",
                "CREATE FUNCTION public.note_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO public.seen VALUES (TG_TABLE_NAME, current_setting('synchronous_commit')); RETURN NULL; END $$",
                "CREATE TRIGGER note AFTER INSERT OR UPDATE OR DELETE ON doris_cdc.applied_truncates FOR EACH ROW EXECUTE FUNCTION public.note_sync()",
                "CREATE TRIGGER note AFTER INSERT OR UPDATE OR DELETE ON doris_cdc.applied_schema_changes FOR EACH ROW EXECUTE FUNCTION public.note_sync()",
                "CREATE TRIGGER note AFTER INSERT OR UPDATE OR DELETE ON doris_cdc.mappings FOR EACH ROW EXECUTE FUNCTION public.note_sync()",
                "ALTER DATABASE \"" + PG.databaseName() + "\" SET synchronous_commit = off");
    }

    @AfterAll
    static void restore() throws SQLException {
        PG.execute("ALTER DATABASE \"" + PG.databaseName() + "\" RESET synchronous_commit");
    }

    @Test
    void everyRecordIsCommittedSynchronouslyWhateverTheDefault() throws SQLException {
        assertThat(query("SHOW synchronous_commit")).containsExactly("off"); // the default the records must not inherit
        StreamPosition at = new StreamPosition(Lsn.parse("0/16B3748"), 3);
        TableId t = TableId.of("public", "t");
        new TruncateLog("durable", PG::connect).record(t, at);
        new SchemaLog("durable", PG::connect).record(t, new SchemaLog.Applied(at, List.of("A:x")));
        try (Connection c = PG.connect()) {
            ControlPlane.register(c, "durable", "durable");
            ControlPlane.record(c, "durable", new TableRoute(t, DorisTableId.of("db", "t")));
            ControlPlane.forget(c, "durable", t);
            assertThat(c.getAutoCommit()).isTrue();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
                rs.next();
                assertThat(rs.getString(1)).as("the setting stays local to the record's transaction").isEqualTo("off");
            }
        }
        assertThat(query("SELECT tbl || '=' || sync FROM public.seen ORDER BY 1")).containsExactly(
                "applied_schema_changes=on", "applied_truncates=on", "mappings=on", "mappings=on");
    }

    private static List<String> query(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = PG.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
