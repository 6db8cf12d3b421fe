package io.doriscdc.chaos;

import io.doriscdc.emulator.DorisEmulator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The comparison of one table: PostgreSQL's rows against the Doris table in the emulator, row by row
 * (by the Doris key) and value by value (canonical text, {@link Canonical}). Immutable.
 *
 * @param table        the table
 * @param pgRows       rows in PostgreSQL
 * @param dorisRows    visible rows in Doris
 * @param differing    keys whose rows differ (missing, extra, or some value)
 * @param examples     the first differences, readable: key, column, PostgreSQL value, Doris value
 */
record TableComparison(String table, int pgRows, int dorisRows, int differing, List<String> examples) {

    static final int EXAMPLES = 5;
    private static final int COLUMNS_SHOWN = 3;
    private static final String SEP = "\u241F";

    boolean equal() {
        return differing == 0;
    }

    static TableComparison of(TableDef t, Connection pg, DorisEmulator emu, String dorisDb) throws SQLException {
        Map<String, Map<String, String>> p = postgres(t, pg);
        Map<String, Map<String, String>> d = doris(t, emu, dorisDb);
        TreeSet<String> keys = new TreeSet<>(p.keySet());
        keys.addAll(d.keySet());
        int differing = 0;
        List<String> examples = new ArrayList<>();
        for (String k : keys) {
            Map<String, String> a = p.get(k);
            Map<String, String> b = d.get(k);
            if (Objects.equals(a, b)) {
                continue;
            }
            differing++;
            if (examples.size() >= EXAMPLES) {
                continue;
            }
            String key = t.name() + " key (" + k.replace(SEP, ", ") + ")";
            if (b == null) {
                examples.add(key + ": missing in Doris; PostgreSQL has " + show(a));
            } else if (a == null) {
                examples.add(key + ": only in Doris, not in PostgreSQL: " + show(b));
            } else {
                List<String> columns = new ArrayList<>();
                int differ = 0;
                for (ColumnDef c : t.columns()) {
                    if (!Objects.equals(a.get(c.name()), b.get(c.name())) && differ++ < COLUMNS_SHOWN) {
                        columns.add("column " + c.name() + " (" + c.pgType() + "): PostgreSQL " + show(a.get(c.name()))
                                + ", Doris " + show(b.get(c.name())));
                    }
                }
                examples.add(key + " " + String.join("; ", columns) + (differ > COLUMNS_SHOWN ? "; and " + (differ - COLUMNS_SHOWN) + " more columns" : ""));
            }
        }
        return new TableComparison(t.name(), p.size(), d.size(), differing, List.copyOf(examples));
    }

    private static Map<String, Map<String, String>> postgres(TableDef t, Connection pg) throws SQLException {
        String select = t.columns().stream().map(c -> c.family().pgSelect(c.name())).collect(Collectors.joining(", "));
        Map<String, Map<String, String>> out = new TreeMap<>();
        try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery("SELECT " + select + " FROM " + t.name())) {
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < t.columns().size(); i++) {
                    ColumnDef c = t.columns().get(i);
                    row.put(c.name(), Canonical.ofPostgres(c.family(), rs.getString(i + 1)));
                }
                out.put(key(t, row), row);
            }
        }
        return out;
    }

    private static Map<String, Map<String, String>> doris(TableDef t, DorisEmulator emu, String db) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Map<String, Object> r : emu.table(db, t.name()).rows()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (ColumnDef c : t.columns()) {
                row.put(c.name(), Canonical.ofDoris(c.family(), r.get(c.name())));
            }
            out.put(key(t, row), row);
        }
        return out;
    }

    private static String key(TableDef t, Map<String, String> row) {
        return t.key().stream().map(k -> k + "=" + row.get(k)).collect(Collectors.joining(SEP));
    }

    private static String show(Map<String, String> row) {
        return row.entrySet().stream().map(e -> e.getKey() + "=" + show(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
    }

    static String show(String v) {
        if (v == null) {
            return "NULL";
        }
        String escaped = v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return "'" + (escaped.length() > 120 ? escaped.substring(0, 120) + "…(" + v.length() + " chars)" : escaped) + "'";
    }

    /** The summary line and the first {@code n} differences. */
    String describe(int n) {
        return this + (examples.isEmpty() ? "" : ": " + String.join("; ", examples.subList(0, Math.min(n, examples.size()))));
    }

    @Override
    public String toString() {
        return String.format("%-14s PostgreSQL %7d rows, Doris %7d rows  %s", table, pgRows, dorisRows,
                equal() ? "EQUAL" : "DIFFERENT (" + differing + " keys)");
    }
}
