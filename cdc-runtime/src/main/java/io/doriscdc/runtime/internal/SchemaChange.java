package io.doriscdc.runtime.internal;

import io.doriscdc.api.Identifiers;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.runtime.TableRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a change of a mapped table's columns means for Doris: the new columns Doris lacks (whose
 * values would be lost), and the statements that fit Doris to PostgreSQL again. Stateless.
 */
final class SchemaChange {

    private SchemaChange() {
    }

    /** The columns of {@code now} that {@code before} did not have and Doris does not have either. */
    static List<String> missingInDoris(TableSchema before, TableSchema now, Set<String> doris) {
        List<String> out = new ArrayList<>();
        for (Column c : now.columns()) {
            if (before.columns().stream().noneMatch(b -> b.name().equals(c.name())) && !doris.contains(c.name())) {
                out.add(c.name());
            }
        }
        return out;
    }

    /** The error of a table stopped by columns Doris lacks: which, where, and the statements to run. */
    static String advice(TableRoute route, TableSchema before, TableSchema now, List<String> missing, StreamPosition position) {
        String target = route.target().toSql();
        StringBuilder sql = new StringBuilder();
        for (String name : missing) {
            Column c = now.columns().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            String renamedFrom = renamedFrom(before, now, c);
            if (renamedFrom != null) {
                sql.append(" ALTER TABLE ").append(target).append(" RENAME COLUMN ").append(Identifiers.quoteDoris(renamedFrom))
                        .append(' ').append(Identifiers.quoteDoris(name)).append(';');
            } else {
                sql.append(" ALTER TABLE ").append(target).append(" ADD COLUMN ").append(Identifiers.quoteDoris(name))
                        .append(" <the Doris type for PostgreSQL ").append(c.type().name()).append("> NULL;");
            }
        }
        return "columns " + missing + " of " + route.source() + " appeared in PostgreSQL at stream position " + position
                + " but Doris table " + route.target() + " does not have them: their values would be lost. Fit the Doris table:"
                + sql + " then restart the pipeline (the slot stays before this change, which is delivered again)";
    }

    /**
     * Whether column {@code renamed} of {@code now} is an attribute that was renamed, rather than one
     * added after another was dropped, by the catalog: PostgreSQL gives an added column the next
     * attribute number, after every other, and keeps a dropped column's number as a dropped attribute.
     * So it is a rename unless the column is the table's last attribute with a dropped one between it
     * and the column before it. Reads the catalog as it is now (a later DDL can blur it; then the
     * column is taken as added, and the table copied again).
     */
    static boolean renamedInCatalog(java.sql.Connection c, io.doriscdc.api.TableId table, TableSchema now, String renamed) {
        int i = now.columns().indexOf(now.columns().stream().filter(x -> x.name().equals(renamed)).findFirst().orElseThrow());
        String previous = i == 0 ? null : now.column(i - 1).name();
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT a.attnum, a.attnum = (SELECT max(x.attnum) FROM pg_attribute x "
                + "WHERE x.attrelid = a.attrelid), EXISTS (SELECT 1 FROM pg_attribute d WHERE d.attrelid = a.attrelid AND d.attisdropped "
                + "AND d.attnum < a.attnum AND d.attnum > coalesce((SELECT p.attnum FROM pg_attribute p WHERE p.attrelid = a.attrelid "
                + "AND p.attname = ?), 0)) FROM pg_attribute a WHERE a.attrelid = ?::regclass AND a.attname = ? AND NOT a.attisdropped")) {
            ps.setString(1, previous);
            ps.setString(2, table.toSql());
            ps.setString(3, renamed);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() && !(rs.getBoolean(2) && rs.getBoolean(3));
            }
        } catch (java.sql.SQLException e) {
            return false; // taken as added: the table is copied again, which is right either way
        }
    }

    /** The old column a new one replaced at the same place with the same type (a RENAME), or null. */
    private static String renamedFrom(TableSchema before, TableSchema now, Column c) {
        int i = now.columns().indexOf(c);
        if (before.columns().size() != now.columns().size() || i >= before.columns().size()) {
            return null;
        }
        Column old = before.columns().get(i);
        boolean gone = now.columns().stream().noneMatch(x -> x.name().equals(old.name()));
        return gone && old.type().oid() == c.type().oid() ? old.name() : null;
    }
}
