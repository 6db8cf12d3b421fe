package io.doriscdc.pgoutput.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs {@link GoldenWorkload} against a real PostgreSQL (the major of {@code -Dpg.version}), peeks
 * the raw pgoutput messages from two slots (text and {@code binary=true}) with the highest protocol
 * version the server supports, streaming and two-phase on, reads the same rows through SQL, and
 * checks them with {@link GoldenVerifier}. With {@code -Dgolden.write=true} it stores the set under
 * {@code src/test/resources/golden/pg<major>/} for the fast {@code GoldenBytesTest}.
 */
@PostgresTest
class GoldenCaptureIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    @Test
    @Timeout(300)
    void capturesEveryMessageKindAndTypeAndDecodesThemExactly() throws Exception {
        int major = PG.majorVersion();
        int proto = major >= 16 ? 4 : major == 15 ? 3 : 2;
        GoldenSet set;
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            st.execute("SET extra_float_digits = 1");
            // the test server runs with synchronous_commit=off, and SQL decoding reads only up to the flushed WAL
            st.execute("SET synchronous_commit = on");
            for (String sql : GoldenWorkload.setup(major)) {
                st.execute(sql);
            }
            boolean twoPhase = major >= 15;
            for (String slot : List.of("golden_text", "golden_binary")) {
                st.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput', false" + (twoPhase ? ", true" : "") + ")");
            }
            for (String sql : GoldenWorkload.changes(major)) {
                st.execute(sql);
            }
            st.execute("SET logical_decoding_work_mem = '64kB'");
            st.execute("SELECT pg_logical_emit_message(false, 'golden', 'flush marker')");
            Map<String, String> info = new LinkedHashMap<>();
            info.put("major", Integer.toString(major));
            info.put("proto_version", Integer.toString(proto));
            info.put("server_version", one(st, "SHOW server_version"));
            info.put("lc_monetary", one(st, "SHOW lc_monetary"));
            info.put("streaming", major >= 16 ? "parallel" : "on");
            info.put("two_phase", Boolean.toString(twoPhase));
            info.put("enum_oids", one(st, "SELECT string_agg(oid::text, ',') FROM pg_type WHERE typtype = 'e'"));
            List<GoldenSet.Captured> text = peek(st, "golden_text", proto, false, major);
            List<GoldenSet.Captured> binary = peek(st, "golden_binary", proto, true, major);
            info.put("text_messages", Integer.toString(text.size()));
            info.put("binary_messages", Integer.toString(binary.size()));
            set = new GoldenSet(info, text, binary, readSql(st));
        }
        if (Boolean.getBoolean("golden.debug")) {
            StringBuilder sb = new StringBuilder();
            for (GoldenSet.Captured c : set.text()) {
                sb.append(c.lsn()).append(' ').append((char) c.data()[0]).append('\n');
            }
            java.nio.file.Files.writeString(Path.of("target/golden-debug-" + major + ".txt"), sb);
        }
        GoldenVerifier.Report report = GoldenVerifier.verify(set);
        assertThat(report.messageTypes()).contains('B', 'C', 'O', 'R', 'Y', 'I', 'U', 'D', 'T', 'M', 'S', 'E', 'c', 'A');
        if (major >= 15) {
            assertThat(report.messageTypes()).contains('b', 'P', 'K', 'r', 'p');
        }
        if (Boolean.getBoolean("golden.write")) {
            set.write(Path.of("src/test/resources/golden/pg" + major));
        }
    }

    private static String one(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<GoldenSet.Captured> peek(Statement st, String slot, int proto, boolean binary, int major) throws Exception {
        StringBuilder q = new StringBuilder("SELECT lsn::text, data FROM pg_logical_slot_peek_binary_changes('" + slot
                + "', NULL, NULL, 'proto_version', '" + proto + "', 'publication_names', 'golden', 'binary', '" + binary
                + "', 'messages', 'true', 'streaming', '" + (major >= 16 ? "parallel" : "on") + "'");
        if (major >= 15) {
            q.append(", 'two_phase', 'true'");
        }
        q.append(")");
        List<GoldenSet.Captured> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(q.toString())) {
            while (rs.next()) {
                out.add(new GoldenSet.Captured(rs.getString(1), rs.getBytes(2)));
            }
        }
        return out;
    }

    /** {@code ::text} of every column of every row of the insert-only {@code v_*} tables. */
    private static Map<String, Map<Integer, Map<String, String>>> readSql(Statement st) throws Exception {
        Map<String, Map<Integer, Map<String, String>>> out = new LinkedHashMap<>();
        for (String table : List.of("v_scalar", "v_array", "v_user")) {
            List<String> cols = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT attname FROM pg_attribute WHERE attrelid = '" + table
                    + "'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
                while (rs.next()) {
                    cols.add(rs.getString(1));
                }
            }
            StringBuilder q = new StringBuilder("SELECT id");
            for (String col : cols) {
                // the type's output function, as pgoutput's text mode sends it (a ::text cast differs for bool, bpchar, inet, xml)
                q.append(", CASE WHEN num_nulls(\"").append(col).append("\") = 1 THEN NULL ELSE format('%s', \"").append(col).append("\") END");
            }
            q.append(" FROM ").append(table).append(" ORDER BY 1");
            Map<Integer, Map<String, String>> rows = new TreeMap<>();
            try (ResultSet rs = st.executeQuery(q.toString())) {
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 0; i < cols.size(); i++) {
                        row.put(cols.get(i), rs.getString(i + 2));
                    }
                    rows.put(rs.getInt(1), row);
                }
            }
            out.put(table, rows);
        }
        return out;
    }
}
