package io.doriscdc.cli.verify;

import io.doriscdc.runtime.doris.DorisTypes;
import io.doriscdc.runtime.doris.PgCatalog;
import io.doriscdc.runtime.doris.PgColumn;
import io.doriscdc.cli.verify.CanonicalValues.Family;
import io.doriscdc.runtime.TableRoute;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Counts and checksums each mapped table in PostgreSQL and in Doris, over the PostgreSQL columns
 * (canonical values per Doris type family, see {@link CanonicalValues}). Stateless.
 */
public final class Verifier {

    private Verifier() {
    }

    public static List<TableComparison> compare(Connection pg, List<TableRoute> routes, DorisReader doris) throws SQLException {
        List<TableComparison> out = new ArrayList<>();
        for (TableRoute r : routes) {
            out.add(compare(pg, r, doris));
        }
        return out;
    }

    public static TableComparison compare(Connection pg, TableRoute route, DorisReader doris) throws SQLException {
        List<PgColumn> columns = PgCatalog.columns(pg, route.source());
        List<String> names = columns.stream().map(PgColumn::name).toList();
        List<Family> families = columns.stream().map(c -> CanonicalValues.family(DorisTypes.of(c))).toList();
        TableChecksum pgSum = new TableChecksum();
        List<Integer> keyIdx = new ArrayList<>();
        List<String> keys = PgCatalog.keyColumns(columns);
        for (String k : keys) {
            keyIdx.add(names.indexOf(k));
        }
        java.util.Map<String, List<String>> pgRows = new java.util.HashMap<>();
        java.util.Map<String, List<String>> dorisRows = new java.util.HashMap<>();
        pg.setAutoCommit(false); // a cursor, not the whole table in memory
        try (Statement st = pg.createStatement()) {
            st.setFetchSize(5000);
            String cols = names.stream().map(io.doriscdc.api.Identifiers::quotePg).collect(Collectors.joining(", "));
            try (ResultSet rs = st.executeQuery("SELECT " + cols + " FROM " + route.source().toSql())) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>(columns.size());
                    for (int i = 0; i < columns.size(); i++) {
                        row.add(CanonicalValues.of(families.get(i), pgValue(rs, i + 1, columns.get(i))));
                    }
                    pgSum.add(row);
                    remember(pgRows, keyIdx, row);
                }
            }
        } finally {
            pg.commit();
            pg.setAutoCommit(true);
        }
        TableChecksum dorisSum = new TableChecksum();
        doris.forEachRow(route.target(), names, PgCatalog.keyColumns(columns), row -> {
            List<String> values = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                values.add(CanonicalValues.of(families.get(i), row.get(names.get(i))));
            }
            dorisSum.add(values);
            remember(dorisRows, keyIdx, values);
        });
        return new TableComparison(route, pgSum.rows(), pgSum.checksum(), dorisSum.rows(), dorisSum.checksum(),
                differences(names, pgRows, dorisRows));
    }

    /** Rows are kept by key for the report of differences; a demo-sized table fits in memory, a large one is capped. */
    private static void remember(java.util.Map<String, List<String>> rows, List<Integer> keyIdx, List<String> row) {
        if (rows.size() < 2_000_000) {
            rows.put(keyIdx.stream().map(row::get).collect(Collectors.joining("/")), row);
        }
    }

    private static List<String> differences(List<String> names, java.util.Map<String, List<String>> pg,
                                            java.util.Map<String, List<String>> doris) {
        List<String> out = new ArrayList<>();
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(pg.keySet());
        keys.addAll(doris.keySet());
        for (String k : keys) {
            List<String> a = pg.get(k);
            List<String> b = doris.get(k);
            if (java.util.Objects.equals(a, b)) {
                continue;
            }
            if (out.size() == 5) {
                out.add("...");
                break;
            }
            out.add("key " + k + ": PostgreSQL " + (a == null ? "(no row)" : names + "=" + a) + " vs Doris " + (b == null ? "(no row)" : b));
        }
        return out;
    }

    private static Object pgValue(ResultSet rs, int i, PgColumn c) throws SQLException {
        return switch (c.typeName()) {
            case "timestamptz" -> rs.getObject(i, OffsetDateTime.class);
            case "timestamp" -> rs.getObject(i, LocalDateTime.class);
            case "date" -> rs.getObject(i, LocalDate.class);
            case "bool", "int2", "int4", "int8", "numeric", "float4", "float8" -> rs.getObject(i);
            default -> rs.getString(i);
        };
    }
}
