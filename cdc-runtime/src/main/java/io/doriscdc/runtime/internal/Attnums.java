package io.doriscdc.runtime.internal;

import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attribute numbers of the columns a Relation message lists, which tell a renamed column (same
 * number) from one dropped and another added (a new number). A Relation message carries names only,
 * in attribute-number order, and PostgreSQL's catalog may have moved past it (renamed or dropped a
 * column since), so numbers are found, in this order: carried from the previous Relation through the
 * change between them; by name in the catalog; and by place, when between two columns whose numbers
 * are known the catalog has exactly as many attributes (live or dropped) as the Relation has columns
 * of unknown number there. A column none of these tells is left out. Stateless.
 */
final class Attnums {

    /** One attribute of the catalog: its number, and its name, or null once dropped. */
    record Attribute(int attnum, String name) {
    }

    private Attnums() {
    }

    /** Every attribute of the table, dropped ones included, by number. */
    static List<Attribute> catalog(Connection c, TableId table) throws SQLException {
        List<Attribute> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attnum, CASE WHEN attisdropped THEN NULL ELSE attname END"
                + " FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 ORDER BY attnum")) {
            ps.setString(1, table.toSql());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Attribute(rs.getInt(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /**
     * @param carried numbers known for some of the columns already (name → number), e.g. the previous
     *                Relation's, carried through the renames since
     */
    static Map<String, Integer> of(TableSchema relation, Map<String, Integer> carried, List<Attribute> catalog) {
        int n = relation.columnCount();
        int[] known = new int[n];
        Map<String, Integer> byName = new HashMap<>();
        catalog.stream().filter(a -> a.name() != null).forEach(a -> byName.put(a.name(), a.attnum()));
        int last = 0;
        for (int i = 0; i < n; i++) {
            String name = relation.column(i).name();
            Integer a = carried.containsKey(name) ? carried.get(name) : byName.get(name);
            // numbers grow along a Relation: one that does not is not this column's (a name taken again since, say)
            known[i] = a != null && a > last ? a : 0;
            last = Math.max(last, known[i]);
        }
        for (int i = 0; i < n; ) {
            if (known[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && known[j] == 0) {
                j++;
            }
            int low = i == 0 ? 0 : known[i - 1];
            int high = j == n ? Integer.MAX_VALUE : known[j];
            List<Integer> between = catalog.stream().map(Attribute::attnum).filter(a -> a > low && a < high).toList();
            if (between.size() == j - i) {
                for (int k = i; k < j; k++) {
                    known[k] = between.get(k - i);
                }
            }
            i = j;
        }
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (known[i] != 0) {
                out.put(relation.column(i).name(), known[i]);
            }
        }
        return Map.copyOf(out);
    }

    /** {@code before}'s numbers under the names of after a change: renamed columns keep theirs, dropped ones lose them. */
    static Map<String, Integer> carried(Map<String, Integer> before, SchemaDiff diff) {
        Map<String, Integer> out = new HashMap<>(before);
        diff.dropped().forEach(out::remove);
        diff.added().forEach(c -> out.remove(c.name()));
        diff.renamed().forEach((from, to) -> {
            Integer a = before.get(from);
            out.remove(from);
            if (a != null) {
                out.put(to, a);
            }
        });
        return out;
    }
}
