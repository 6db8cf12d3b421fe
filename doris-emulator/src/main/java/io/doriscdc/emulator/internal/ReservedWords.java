package io.doriscdc.emulator.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Doris's reserved words: the keyword tokens of the Nereids lexer ({@code DorisLexer.g4}) that the
 * parser's {@code nonReserved} rule ({@code DorisParser.g4}) does not accept as an identifier, at
 * apache/doris master 677147005fc1 (2026-01). A reserved word is a syntax error wherever an identifier is
 * expected unless it is backquoted, in SQL as in the Stream Load {@code columns} header. Stateless.
 */
final class ReservedWords {

    private static final Set<String> WORDS = Set.of(
            "ACCOUNT_LOCK", "ACCOUNT_UNLOCK", "ADD", "ADMIN", "ALL", "ALTER", "ANALYZE", "ANALYZER", "AND", "ANTI",
            "APPEND", "AS", "ASC", "AUTO", "BACKEND", "BETWEEN", "BIGINT", "BINARY", "BINLOG", "BOTH", "BY", "CANCEL",
            "CASE", "CAST", "CHAR_FILTER", "CLEAN", "COLLATE", "COLUMN", "CONSTRAINT", "CREATE", "CROSS", "CUBE",
            "CURRENT", "DATABASE", "DATABASES", "DAY_HOUR", "DAY_SECOND", "DECOMMISSION", "DELETE", "DESC", "DESCRIBE",
            "DISK", "DISTINCT", "DISTRIBUTED", "DISTRIBUTION", "DIV", "DOUBLE", "DROP", "DROPP", "DUMP", "DUPLICATE",
            "ELSE", "ENTER", "EXCEPT", "EXECUTE", "EXISTS", "EXPLAIN", "EXPORT", "EXTENDED", "EXTRACT", "FALSE", "FLOAT",
            "FOLLOWER", "FOLLOWING", "FOR", "FORCE", "FOREIGN", "FROM", "FRONTEND", "FULL", "FUNCTIONS", "GRANT",
            "GRANTS", "GROUP", "HAVING", "HLL", "IF", "IN", "INDEX", "INFILE", "INNER", "INSTALL", "INT", "INTEGER",
            "INTERMEDIATE", "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN", "KEY", "KEYS", "KILL", "LARGEINT", "LATERAL",
            "LAYOUT", "LEADING", "LEFT", "LIKE", "LIMIT", "LIST", "LOAD", "LOW_PRIORITY", "MATCH", "MAXVALUE", "MINUS",
            "MINUTE_SECOND", "NATURAL", "NOT", "NO_USE_MV", "NULL", "OBSERVER", "ON", "OR", "ORDER", "OUTER", "OUTFILE",
            "OVER", "OVERWRITE", "PARTITION", "PLAY", "PRECEDING", "PREPARE", "PRIMARY", "PROCEDURE", "RANGE", "READ",
            "REAL", "REBALANCE", "REFERENCES", "REGEXP", "RELEASE", "RENAME", "REPAIR", "REPLICA", "REVOKE", "RIGHT",
            "ROLE", "ROLES", "ROW", "ROWS", "SCHEMAS", "SECOND_MICROSECOND", "SELECT", "SEMI", "SET", "SETS", "SHOW",
            "SIGNED", "SMALLINT", "SQL_BLOCK_RULE", "SUPERUSER", "SWITCH", "SYNC", "SYSTEM", "TABLE", "TABLESAMPLE",
            "TABLET", "TABLETS", "TERMINATED", "THEN", "TINYINT", "TO", "TOKENIZER", "TOKEN_FILTER", "TRAILING", "TRASH",
            "TRIM", "TRUE", "TRY_CAST", "TYPE_CAST", "UNBOUNDED", "UNINSTALL", "UNION", "UNIQUE", "UNSIGNED", "UPDATE",
            "USE", "USE_MV", "USING", "VALUES", "WHEN", "WHERE", "WHITELIST", "WITH", "WORKLOAD", "WRITE", "XOR");

    private ReservedWords() {
    }

    /** True if {@code word} (any case) is reserved. */
    static boolean isReserved(String word) {
        return WORDS.contains(word.toUpperCase(Locale.ROOT));
    }
}
