package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the small SQL subset the pipeline needs (Addendum, SQL over HTTP): {@code CREATE DATABASE
 * [IF NOT EXISTS]}, {@code CREATE TABLE} (Unique Key), {@code ALTER TABLE ... ADD/DROP COLUMN},
 * {@code TRUNCATE TABLE}, {@code DROP TABLE [IF EXISTS]}, {@code SELECT *|cols|COUNT(*) FROM t
 * [ORDER BY ...] [LIMIT n]}, {@code DESC t} and {@code SHOW CREATE TABLE t} ({@link ShowCreateTable}).
 * Thread-safe (state lives in the {@link Catalog}).
 */
final class SqlEngine {
    private final Catalog catalog;

    SqlEngine(Catalog catalog) {
        this.catalog = catalog;
    }

    SqlResult execute(String db, String sql) {
        List<SqlLexer.Token> tokens = SqlLexer.tokenize(sql);
        if (tokens.isEmpty()) {
            throw new SqlException("Syntax error: empty statement");
        }
        SqlCursor c = new SqlCursor(tokens);
        if (c.acceptAll("CREATE", "DATABASE") || c.acceptAll("CREATE", "SCHEMA")) {
            boolean ifNotExists = c.acceptAll("IF", "NOT", "EXISTS");
            String name = c.identifier();
            if (!catalog.createDatabase(name) && !ifNotExists) {
                throw new SqlException("Can't create database '" + name + "'; database exists");
            }
            return SqlResult.DDL;
        }
        if (c.peek().is("CREATE")) {
            CreateTableParser.Parsed p = CreateTableParser.parse(tokens, requireDb(db));
            if (!catalog.createTable(p.db(), p.schema()) && !p.ifNotExists()) {
                throw new SqlException("Table '" + p.schema().name() + "' already exists");
            }
            return SqlResult.DDL;
        }
        if (c.acceptAll("ALTER", "TABLE")) {
            AlterTable.apply(c, table(c, db), catalog.modifyJobMillis());
            return SqlResult.DDL;
        }
        if (c.accept("TRUNCATE")) {
            c.accept("TABLE");
            table(c, db).truncate();
            return SqlResult.DDL;
        }
        if (c.acceptAll("DROP", "TABLE")) {
            boolean ifExists = c.acceptAll("IF", "EXISTS");
            String[] name = qualified(c, db);
            if (!catalog.dropTable(name[0], name[1]) && !ifExists) {
                throw unknownTable(name[1]);
            }
            return SqlResult.DDL;
        }
        if (c.accept("SELECT")) {
            return select(c, db);
        }
        if (c.accept("DESC") || c.accept("DESCRIBE")) {
            return describe(table(c, db));
        }
        if (c.acceptAll("SHOW", "ALTER", "TABLE", "COLUMN")) {
            // the jobs of the database's MODIFY COLUMNs (FINISHED at once); WHERE/ORDER BY/LIMIT are left to the caller
            String from = c.accept("FROM") || c.accept("IN") ? c.identifier() : requireDb(db);
            List<Map<String, Object>> jobs = new ArrayList<>();
            catalog.tables(from).forEach(t -> jobs.addAll(t.alterJobs()));
            List<String> names = List.of("JobId", "TableName", "State", "Msg", "Progress");
            return new SqlResult(true, names, java.util.Collections.nCopies(names.size(), "CHAR"), jobs);
        }
        if (c.acceptAll("SHOW", "CREATE", "TABLE")) {
            // an unknown table fails as in DESC/SELECT: "Unknown table 't'"
            return ShowCreateTable.of(table(c, db).schema());
        }
        throw new SqlException("The emulator does not support this statement: " + sql);
    }

    /** {@code DESC t}: one row per visible column, as Doris answers it (Field, Type, Null, Key, Default, Extra). */
    private static SqlResult describe(Table table) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Column col : table.schema().columns()) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("Field", col.name());
            row.put("Type", col.type().toString());
            row.put("Null", col.nullable() ? "Yes" : "No");
            row.put("Key", col.key() ? "true" : "false");
            row.put("Default", col.defaultValue() == null ? null : String.valueOf(col.defaultValue()));
            row.put("Extra", "");
            rows.add(row);
        }
        List<String> names = List.of("Field", "Type", "Null", "Key", "Default", "Extra");
        return new SqlResult(true, names, java.util.Collections.nCopies(names.size(), "CHAR"), rows);
    }

    private SqlResult select(SqlCursor c, String db) {
        boolean count = false;
        List<String> cols = new ArrayList<>();
        if (c.acceptAll("COUNT", "(", "*", ")")) {
            count = true;
        } else if (!c.accept("*")) {
            do {
                cols.add(c.identifier());
            } while (c.accept(","));
        }
        c.expect("FROM");
        Table table = table(c, db);
        Integer limit = null;
        while (!c.atEnd()) {
            if (c.accept("LIMIT")) {
                limit = c.integer();
            } else if (c.accept("WHERE")) {
                throw new SqlException("The emulator does not support WHERE; read all rows and filter in the test");
            } else {
                c.next();
            }
        }
        TableSchema schema = table.schema();
        List<Map<String, Object>> rows = table.visibleRows();
        if (count) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("count(*)", (long) rows.size());
            return new SqlResult(true, List.of("count(*)"), List.of("BIGINT"), List.of(row));
        }
        if (cols.isEmpty()) {
            cols = schema.columnNames();
        }
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (String name : cols) {
            Column col = schema.column(name).orElseThrow(() -> new SqlException("Unknown column '" + name + "' in 'table list'"));
            names.add(col.name());
            types.add(col.type().toString());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (limit != null && out.size() >= limit) {
                break;
            }
            Map<String, Object> projected = new LinkedHashMap<>();
            names.forEach(n -> projected.put(n, r.get(n)));
            out.add(projected);
        }
        return new SqlResult(true, names, types, out);
    }

    private Table table(SqlCursor c, String db) {
        String[] name = qualified(c, db);
        if (!catalog.hasDatabase(name[0])) {
            throw new SqlException("Unknown database '" + name[0] + "'");
        }
        return catalog.table(name[0], name[1]).orElseThrow(() -> unknownTable(name[1]));
    }

    private String[] qualified(SqlCursor c, String db) {
        String first = c.identifier();
        if (c.accept(".")) {
            return new String[] {first, c.identifier()};
        }
        return new String[] {requireDb(db), first};
    }

    private static String requireDb(String db) {
        if (db == null || db.isEmpty()) {
            throw new SqlException("No database selected");
        }
        return db;
    }

    static SqlException unknownTable(String name) {
        return new SqlException("Unknown table '" + name + "'");
    }
}
