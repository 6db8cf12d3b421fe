package io.doriscdc.runtime.internal;

import io.doriscdc.api.Identifiers;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.runtime.doris.DorisTypes;
import io.doriscdc.runtime.doris.PgCatalog;
import io.doriscdc.runtime.doris.PgColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Doris statements that fit a table to a change of its PostgreSQL columns ({@link SchemaDiff}),
 * planned against the Doris table as it is now (so that a replayed change plans nothing again):
 * {@code ADD COLUMN} with the type the table creator would give it and a constant default carried,
 * {@code RENAME COLUMN}, {@code MODIFY COLUMN} to a wider type (a Doris job, awaited), and
 * {@code DROP COLUMN} when dropped columns are dropped. What Doris cannot do is a refusal, with the
 * statements a person can run instead. Doris's rules are in doris-website
 * docs/sql-manual/sql-statements/table-and-view/table/ALTER-TABLE-COLUMN.md (MODIFY: "conversion of
 * TINYINT/SMALLINT/INT/BIGINT/LARGEINT/FLOAT/DOUBLE types to larger numeric types", "VARCHAR supports
 * modifying the maximum length", "all can be converted to STRING except DATE and DATETIME"; DECIMAL
 * to DECIMAL in fe ColumnType.schemaChangeMatrix) and ALTER-TABLE-RENAME. Immutable once planned.
 *
 * @param statements the statements to run, in order
 * @param refusal why the change cannot be applied, or null
 * @param recopy whether existing rows must be copied again afterwards (a column added with a
 *               non-constant default, or a column that may be a renamed one: its old values are in
 *               PostgreSQL's rows, not in the stream)
 */
record SchemaPlan(List<String> statements, String refusal, boolean recopy) {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaPlan.class);
    private static final Pattern CONSTANT = Pattern.compile("^(?:'((?:[^']|'')*)'(?:::[a-z0-9_ .\"\\[\\]()]+)?|(-?[0-9]+(?:\\.[0-9]+)?)|(true|false))$",
            Pattern.CASE_INSENSITIVE);
    /** The states of a Doris schema change job (fe AlterJobV2.JobState), as SHOW ALTER TABLE COLUMN lists them. */
    private static final List<String> JOB_STATES = List.of("PENDING", "WAITING_TXN", "RUNNING", "FINISHED", "CANCELLED");
    private static final List<String> INTEGERS = List.of("TINYINT", "SMALLINT", "INT", "BIGINT", "LARGEINT");

    /** Plans the statements, reading the Doris table ({@code DESC}) and the PostgreSQL catalog as they are now. */
    static SchemaPlan of(TableRoute route, SchemaDiff diff, boolean dropColumns, SqlEndpoint sql, Connection pg) throws SQLException {
        return of(route, diff, null, dropColumns, sql, pg, false);
    }

    /**
     * The first Relation of a table in a run, against the Doris table as it is: columns Doris lacks
     * are added, columns whose Doris type is narrower than the table creator would make it now are
     * widened (a type change made while the pipeline was stopped; a Doris type of the user's own that
     * is not a narrower one is left alone, never refused), and, when dropped columns are dropped,
     * Doris columns PostgreSQL no longer has are dropped. Plan it with {@link #of} and lenient set.
     */
    static SchemaDiff firstSightDiff(io.doriscdc.api.schema.TableSchema now, java.util.Set<String> dorisColumns, boolean dropColumns) {
        List<Column> missing = now.columns().stream().filter(c -> !dorisColumns.contains(c.name())).toList();
        List<Column> present = now.columns().stream().filter(c -> dorisColumns.contains(c.name())).toList();
        List<String> extra = dorisColumns.stream().filter(d -> now.columns().stream().noneMatch(c -> c.name().equals(d))).toList();
        return new SchemaDiff(missing, dropColumns ? extra : List.of(), Map.of(), present);
    }

    /**
     * @param now the table's columns after the change, when the Doris table is to hold every one of
     *            them (a column renamed twice, or renamed in Doris by a run a crash ended, can leave
     *            Doris without one the diff does not name); null to plan the diff alone
     * @param lenient at a table's first Relation: a type Doris cannot widen to, or a Doris column
     *                PostgreSQL still has, is left as it is rather than refused or dropped
     */
    static SchemaPlan of(TableRoute route, SchemaDiff diff, io.doriscdc.api.schema.TableSchema now, boolean dropColumns, SqlEndpoint sql,
                         Connection pg, boolean lenient) throws SQLException {
        String db = route.target().database();
        String target = route.target().toSql();
        Map<String, Map<String, Object>> doris = new HashMap<>();
        for (Map<String, Object> row : sql.execute(db, "DESC " + target)) {
            doris.put(String.valueOf(row.get("Field")), row);
        }
        Map<String, PgColumn> catalog = new HashMap<>();
        for (PgColumn c : PgCatalog.columns(pg, route.source(), false)) {
            catalog.put(c.name(), c);
        }
        List<String> out = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        boolean recopy = false;
        for (var e : diff.renamed().entrySet()) {
            if (!doris.containsKey(e.getValue()) && doris.containsKey(e.getKey())) {
                out.add("ALTER TABLE " + target + " RENAME COLUMN " + Identifiers.quoteDoris(e.getKey()) + " " + Identifiers.quoteDoris(e.getValue()));
                doris.put(e.getValue(), doris.remove(e.getKey()));
            }
        }
        List<Column> toAdd = new ArrayList<>(diff.added());
        if (now != null) { // every column the stream now has must be in Doris, whatever the diff named
            for (Column c : now.columns()) {
                if (!doris.containsKey(c.name()) && toAdd.stream().noneMatch(a -> a.name().equals(c.name()))) {
                    toAdd.add(c);
                    recopy = true; // one the diff did not name (renamed twice, say): its values are in PostgreSQL's rows
                }
            }
        }
        for (Column c : toAdd) {
            if (doris.containsKey(c.name())) {
                continue; // added before a restart: this is a replay
            }
            PgColumn pgc = catalog.get(c.name());
            if (pgc == null) {
                // gone from PostgreSQL's catalog by now (dropped, or renamed again, since this change): added with the type the
                // Relation message gives, since the stream carries its values up to that later change; its default is no
                // longer known, so rows the stream does not carry are copied again (under a newer name, if it was renamed)
                pgc = PgCatalog.columnOfType(pg, c.name(), c.type().oid(), c.type().typmod());
                LOG.info("column {} of {} is gone from PostgreSQL's catalog by now: added to Doris as {} from the stream's description;"
                        + " the table is copied again", c.name(), route.source(), DorisTypes.of(pgc));
                recopy = true;
                out.add("ALTER TABLE " + target + " ADD COLUMN " + Identifiers.quoteDoris(c.name()) + " " + DorisTypes.of(pgc) + " NULL");
                continue;
            }
            Default d = defaultOf(pg, route, c.name());
            recopy |= d.recopy();
            out.add("ALTER TABLE " + target + " ADD COLUMN " + Identifiers.quoteDoris(c.name()) + " " + DorisTypes.of(pgc) + " NULL"
                    + (d.literal() == null ? "" : " DEFAULT \"" + d.literal().replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        }
        for (Column c : diff.retyped()) {
            PgColumn pgc = catalog.get(c.name());
            Map<String, Object> current = doris.get(c.name());
            if (pgc == null || current == null) {
                continue; // dropped since, or a column Doris never had: nothing to widen
            }
            if (lenient && "true".equalsIgnoreCase(String.valueOf(current.get("Key")))) {
                continue; // at first sight a key column is left as it is: a heavy schema change of a user's table's key
            }
            String from = normalized(String.valueOf(current.get("Type")));
            String to = DorisTypes.of(pgc);
            if (from.equals(normalized(to))) {
                continue;
            }
            String modify = "ALTER TABLE " + target + " MODIFY COLUMN " + Identifiers.quoteDoris(c.name()) + " " + to
                    + ("true".equalsIgnoreCase(String.valueOf(current.get("Key"))) ? " KEY" : "")
                    + ("No".equalsIgnoreCase(String.valueOf(current.get("Null"))) ? " NOT NULL" : " NULL");
            if (lenient ? widensOwnType(from, normalized(to), pgc) : widens(from, normalized(to))) {
                out.add(modify);
            } else if (!lenient) {
                refused.add("column " + c.name() + " changed type to " + c.type().name() + ", which Doris cannot convert " + from + " to ("
                        + to + " would be needed); recreate the Doris table with " + to + " and copy the table again (doris-cdc sync)");
            }
        }
        for (String name : diff.dropped()) {
            if (lenient && catalog.containsKey(name)) {
                continue; // at first sight: a Doris column PostgreSQL still has is not this change's to drop
            }
            if (dropColumns && doris.containsKey(name) && !"true".equalsIgnoreCase(String.valueOf(doris.get(name).get("Key")))) {
                out.add("ALTER TABLE " + target + " DROP COLUMN " + Identifiers.quoteDoris(name));
            }
        }
        return new SchemaPlan(List.copyOf(out), refused.isEmpty() ? null : String.join("; ", refused), recopy);
    }

    /** Runs the statements in order; a MODIFY COLUMN is awaited until Doris's job finishes. */
    void apply(SqlEndpoint sql, TableRoute route) {
        for (String s : statements) {
            LOG.info("schema change of {}: {}", route, s);
            sql.execute(route.target().database(), s);
            if (s.contains(" MODIFY COLUMN ")) {
                awaitJob(sql, route);
            }
        }
    }

    /** The error of a table whose change is not applied: what changed, where, and what to run. */
    String advice(TableRoute route, String change, StreamPosition position, boolean policyFail) {
        StringBuilder sb = new StringBuilder("the columns of " + route.source() + " changed at stream position " + position + " (" + change + ")");
        if (policyFail) {
            sb.append(" and policies.schema-changes is fail");
        }
        if (refusal != null) {
            sb.append("; Doris table ").append(route.target()).append(" cannot follow: ").append(refusal);
        }
        if (!statements.isEmpty()) {
            sb.append("; fit Doris table ").append(route.target()).append(": ").append(String.join("; ", statements)).append(';');
        }
        return sb.append(" then restart the pipeline (the slot stays before this change, which is delivered again)").toString();
    }

    /** Waits until the table's newest schema change job in Doris is FINISHED (or none is listed). */
    static void awaitJob(SqlEndpoint sql, TableRoute route) {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < end) {
            String state = "FINISHED";
            String msg = "";
            for (Map<String, Object> job : sql.execute(route.target().database(), "SHOW ALTER TABLE COLUMN FROM "
                    + Identifiers.quoteDoris(route.target().database()))) {
                if (route.target().table().equals(String.valueOf(job.get("TableName")))) {
                    state = String.valueOf(job.get("State")); // the newest job is listed last
                    msg = String.valueOf(job.get("Msg"));
                }
            }
            if (state.equals("FINISHED")) {
                return;
            }
            if (state.equals("CANCELLED")) {
                throw new TransportException("the schema change of Doris table " + route.target() + " was cancelled: " + msg, false, null);
            }
            if (!JOB_STATES.contains(state)) { // not a state Doris's AlterJobV2.JobState has: the answer is not understood
                throw new TransportException("SHOW ALTER TABLE COLUMN lists the schema change of Doris table " + route.target()
                        + " in state '" + state + "', which is none of " + JOB_STATES + "; check the job in Doris, then restart the"
                        + " pipeline (the change is applied again, or found applied)", false, null);
            }
            try {
                Thread.sleep(1000); // a Doris schema change job: polled, as SHOW ALTER TABLE COLUMN is the only way to follow it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException("interrupted while waiting for the schema change of " + route.target(), false, null);
            }
        }
        throw new TransportException("the schema change of Doris table " + route.target() + " did not finish within 30 minutes", true, null);
    }

    /** A column's default: a constant Doris can carry, or whether existing rows need another copy. */
    private record Default(String literal, boolean recopy) {
    }

    private static Default defaultOf(Connection pg, TableRoute route, String column) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("SELECT pg_get_expr(d.adbin, d.adrelid), a.attgenerated::text FROM pg_attribute a "
                + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = ?::regclass AND a.attname = ?")) {
            ps.setString(1, route.source().toSql());
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return new Default(null, false); // existing rows read NULL, in PostgreSQL and in Doris
                }
                Matcher m = CONSTANT.matcher(rs.getString(1).trim());
                if (!m.matches() || !rs.getString(2).isEmpty()) {
                    return new Default(null, true); // computed per row (now(), nextval, a generated column): copied again
                }
                String literal = m.group(1) != null ? m.group(1).replace("''", "'") : m.group(2) != null ? m.group(2) : m.group(3);
                return new Default(literal, false);
            }
        }
    }

    /** A Doris type name as DESC or the table creator spell it, without spaces, V3 suffixes or case. */
    static String normalized(String type) {
        return type.toUpperCase(Locale.ROOT).replace(" ", "").replace("DECIMALV3", "DECIMAL").replace("DATETIMEV2", "DATETIME")
                .replace("DATEV2", "DATE");
    }

    /**
     * At a table's first Relation, where the Doris table may be the user's own: only a widening
     * within one family of a plain PostgreSQL type (integers, float to double, numeric precision,
     * varchar length), never a conversion to STRING (the table creator maps domains and other
     * types to STRING, which would undo a user's better choice).
     */
    static boolean widensOwnType(String from, String to, PgColumn column) {
        String f = base(from);
        String t = base(to);
        String type = column.typeName().toLowerCase(Locale.ROOT);
        boolean sameFamily = INTEGERS.contains(f) && INTEGERS.contains(t)
                || f.equals("FLOAT") && t.equals("DOUBLE")
                || f.equals("DECIMAL") && t.equals("DECIMAL") && type.equals("numeric")
                || f.equals("VARCHAR") && t.equals("VARCHAR") && (type.equals("varchar") || type.equals("bpchar"));
        return sameFamily && widens(from, to);
    }

    /** Whether Doris converts every value of type {@code from} to {@code to} (both normalized). */
    static boolean widens(String from, String to) {
        String f = base(from);
        String t = base(to);
        if (INTEGERS.contains(f) && INTEGERS.contains(t)) {
            return INTEGERS.indexOf(t) >= INTEGERS.indexOf(f);
        }
        if (f.equals("FLOAT") && t.equals("DOUBLE")) {
            return true;
        }
        if (f.equals("VARCHAR") && t.equals("VARCHAR")) {
            return args(to)[0] >= args(from)[0];
        }
        if (f.equals("DECIMAL") && t.equals("DECIMAL")) {
            int[] a = args(from);
            int[] b = args(to);
            return b.length > 1 && a.length > 1 && b[1] == a[1] && b[0] >= a[0];
        }
        return t.equals("STRING") && !List.of("DATE", "DATETIME", "JSON", "ARRAY", "MAP", "STRUCT").contains(f);
    }

    private static String base(String type) {
        int p = type.indexOf('(');
        int a = type.indexOf('<');
        int cut = p < 0 ? a : a < 0 ? p : Math.min(p, a);
        return cut < 0 ? type : type.substring(0, cut);
    }

    private static int[] args(String type) {
        int p = type.indexOf('(');
        if (p < 0) {
            return new int[] {Integer.MAX_VALUE};
        }
        String[] parts = type.substring(p + 1, type.indexOf(')')).split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }
}
