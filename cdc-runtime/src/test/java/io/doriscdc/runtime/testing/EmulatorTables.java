package io.doriscdc.runtime.testing;

import io.doriscdc.emulator.DorisEmulator;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a PostgreSQL table with its Doris twin in the emulator, row by row: both sides are read
 * as key → column → a canonical text of the value (numbers without trailing zeros, timestamps as
 * {@link LocalDateTime}), so that a difference in any value of any row shows.
 */
public final class EmulatorTables {

    private EmulatorTables() {
    }

    public static Map<String, Map<String, String>> doris(DorisEmulator emu, String db, String table, String... key) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Map<String, Object> row : emu.table(db, table).rows()) {
            Map<String, String> canonical = new TreeMap<>();
            row.forEach((k, v) -> {
                if (!k.startsWith("__")) {
                    canonical.put(k, canonical(v));
                }
            });
            out.put(keyOf(canonical, key), canonical);
        }
        return out;
    }

    public static Map<String, Map<String, String>> postgres(Connection c, String table, String... key) throws SQLException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnName(i), canonical(rs.getObject(i)));
                }
                out.put(keyOf(row, key), row);
            }
        }
        return out;
    }

    /** Up to five differing rows, by key, with long values shortened: a readable failure message. */
    public static String differences(Map<String, Map<String, String>> postgres, Map<String, Map<String, String>> doris) {
        StringBuilder sb = new StringBuilder("PostgreSQL has " + postgres.size() + " rows, Doris " + doris.size() + "; differing rows:");
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(postgres.keySet());
        keys.addAll(doris.keySet());
        int shown = 0;
        for (String k : keys) {
            Map<String, String> a = postgres.get(k);
            Map<String, String> b = doris.get(k);
            if (java.util.Objects.equals(a, b)) {
                continue;
            }
            if (shown++ == 5) {
                return sb.append("\n  ...").toString();
            }
            sb.append("\n  key ").append(k).append(": PostgreSQL ").append(shorten(a)).append(" vs Doris ").append(shorten(b));
        }
        return sb.toString();
    }

    private static String shorten(Map<String, String> row) {
        if (row == null) {
            return "(no row)";
        }
        Map<String, String> out = new TreeMap<>();
        row.forEach((k, v) -> out.put(k, v != null && v.length() > 40 ? v.substring(0, 20) + "…(" + v.length() + ")" : v));
        return out.toString();
    }

    private static String keyOf(Map<String, String> row, String... key) {
        StringBuilder sb = new StringBuilder();
        for (String k : key) {
            sb.append(sb.length() > 0 ? "/" : "").append(row.get(k));
        }
        return sb.toString();
    }

    static String canonical(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        return v.toString();
    }

    /**
     * Waits (up to a minute) until the Doris table equals the PostgreSQL table row by row, value by
     * value; fails with the differing rows.
     */
    public static void awaitEqual(DorisEmulator emu, io.doriscdc.testsupport.PostgresExtension pg, String db, String table, String... key) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).pollInterval(java.time.Duration.ofMillis(300)).untilAsserted(() -> {
            try (Connection c = pg.connect()) {
                var postgres = postgres(c, table, key);
                var doris = doris(emu, db, table, key);
                org.assertj.core.api.Assertions.assertThat(doris).withFailMessage(() -> table + ": " + differences(postgres, doris)).isEqualTo(postgres);
            }
        });
    }
}
