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
