package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses {@code CREATE TABLE} for Unique Key tables:
 * {@code CREATE TABLE [IF NOT EXISTS] [db.]t (cols) [ENGINE=OLAP] UNIQUE KEY(k..) [COMMENT]
 * [PARTITION BY ...] [DISTRIBUTED BY ...] [PROPERTIES(...)]}. Stateless.
 */
final class CreateTableParser {

    record Parsed(String db, boolean ifNotExists, TableSchema schema) {
    }

    private CreateTableParser() {
    }

    static Parsed parse(List<SqlLexer.Token> tokens, String defaultDb) {
        List<String> keys = keyColumns(tokens);
        SqlCursor c = new SqlCursor(tokens);
        c.expect("CREATE");
        c.expect("TABLE");
        boolean ifNotExists = c.acceptAll("IF", "NOT", "EXISTS");
        String db = defaultDb;
        String name = c.identifier();
        if (c.accept(".")) {
            db = name;
            name = c.identifier();
        }
        c.expect("(");
        List<Column> columns = new ArrayList<>();
        do {
            if (c.peek().is("INDEX")) {
                while (!c.peek().is(",") && !c.peek().is(")")) {
                    if (c.peek().is("(")) {
                        c.skipParens();
                    } else {
                        c.next();
                    }
                }
                continue;
            }
            String colName = c.peek().text();
            columns.add(ColumnDefParser.parse(c, keys.stream().anyMatch(k -> k.equalsIgnoreCase(colName))));
        } while (c.accept(","));
        c.expect(")");
        // CreateTableInfo.validate: a TreeMap(String.CASE_INSENSITIVE_ORDER) of the column names
        Map<String, Column> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Column col : columns) {
            if (byName.put(col.name(), col) != null) {
                throw new SqlException("Duplicate column name '" + col.name() + "'");
            }
        }
        Map<String, String> props = new LinkedHashMap<>();
        while (!c.atEnd()) {
            if (c.accept("PROPERTIES")) {
                c.expect("(");
                do {
                    String k = c.stringLiteral();
                    c.expect("=");
                    props.put(k.toLowerCase(Locale.ROOT), c.stringLiteral());
                } while (c.accept(","));
                c.expect(")");
            } else if (c.peek().is("(")) {
                c.skipParens();
            } else {
                c.next();
            }
        }
        if (keys.isEmpty()) {
            throw new SqlException("The emulator supports only UNIQUE KEY tables; add UNIQUE KEY(<columns>) to table " + name);
        }
        for (int i = 0; i < keys.size(); i++) {
            if (i >= columns.size() || !columns.get(i).name().equalsIgnoreCase(keys.get(i))) {
                throw new SqlException("Key columns should be a ordered prefix of the schema. KeyColumns[" + i
                        + "] (starts from zero) is " + keys.get(i) + ", but corresponding column is "
                        + (i < columns.size() ? columns.get(i).name() : "absent") + " in the previous columns declaration.");
            }
            if (!columns.get(i).type().isKeyCapable()) {
                throw new SqlException("Type " + columns.get(i).type() + " of column " + keys.get(i) + " can not be a key column");
            }
        }
        ColumnType hiddenSeq = null;
        String mappedSeq = props.get("function_column.sequence_col");
        String seqType = props.get("function_column.sequence_type");
        if (mappedSeq != null) {
            String m = mappedSeq;
            Column col = columns.stream().filter(x -> x.name().equalsIgnoreCase(m)).findFirst()
                    .orElseThrow(() -> new SqlException("The specified sequence column[" + m + "] not exists"));
            mappedSeq = col.name();
        } else if (seqType != null) {
            hiddenSeq = switch (seqType.toLowerCase(Locale.ROOT)) {
                case "bigint", "int", "largeint", "tinyint", "smallint", "date", "datetime", "datev2", "datetimev2" ->
                        ColumnType.of(seqType, new int[0], null);
                default -> throw new SqlException("sequence type only support integer types and date types");
            };
        }
        return new Parsed(db, ifNotExists, new TableSchema(db, name, columns, keys.size(), hiddenSeq, mappedSeq, props));
    }

    private static List<String> keyColumns(List<SqlLexer.Token> tokens) {
        for (int i = 0; i + 2 < tokens.size(); i++) {
            if ((tokens.get(i).is("UNIQUE") || tokens.get(i).is("DUPLICATE") || tokens.get(i).is("AGGREGATE"))
                    && tokens.get(i + 1).is("KEY") && tokens.get(i + 2).is("(")) {
                if (!tokens.get(i).is("UNIQUE")) {
                    throw new SqlException("The emulator supports only UNIQUE KEY tables, not " + tokens.get(i).text().toUpperCase(Locale.ROOT) + " KEY");
                }
                List<String> keys = new ArrayList<>();
                for (int j = i + 3; j < tokens.size() && !tokens.get(j).is(")"); j++) {
                    SqlLexer.Token t = tokens.get(j);
                    if (t.is(",")) {
                        continue;
                    }
                    if (!t.isIdentifier()) {
                        throw new SqlException("Syntax error: expected an identifier near '" + t.text() + "'");
                    }
                    keys.add(t.text());
                }
                return keys;
            }
        }
        return List.of();
    }
}
