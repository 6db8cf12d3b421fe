package io.doriscdc.api;

import java.util.regex.Pattern;

/**
 * Quoting and validation of identifiers where they reach SQL or an HTTP header.
 *
 * <p>doris-cdc never pastes an unquoted name into SQL: PostgreSQL names are always written with
 * {@link #quotePg(String)} and Doris names with {@link #quoteDoris(String)}. Stateless and thread-safe.
 */
public final class Identifiers {

    /**
     * Doris table and database names (FE {@code FeNameFormat}, unicode names enabled as in Doris 2.1+):
     * a letter first, then letters, digits, {@code -} and {@code _}, at most 64 characters.
     */
    private static final Pattern DORIS_NAME = Pattern.compile("^[a-zA-Z\\p{L}][a-zA-Z0-9\\-_\\p{L}]{0,63}$");

    /**
     * Doris's longest column name in code points: FE {@code FeNameFormat.UNICODE_COLUMN_NAME_REGEX}
     * {@code ^[\s\S]{0,255}[\S]$}.
     */
    public static final int DORIS_MAX_COLUMN_NAME = 256;

    /** The prefix Doris reserves for its hidden columns (FE {@code Column.HIDDEN_COLUMN_PREFIX}), compared ignoring case. */
    public static final String DORIS_HIDDEN_PREFIX = "__DORIS_";

    /** The most a PostgreSQL identifier keeps: NAMEDATALEN - 1 bytes. */
    public static final int PG_MAX_IDENTIFIER_BYTES = 63;

    private Identifiers() {
    }

    /**
     * A PostgreSQL identifier in double quotes, embedded quotes doubled: {@code my"tab} becomes
     * {@code "my""tab"}. Correct for every name, including mixed case, dots, unicode and reserved words.
     *
     * @throws IllegalArgumentException if the name is empty or contains a NUL character
     */
    public static String quotePg(String name) {
        requireUsable(name, "PostgreSQL");
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * A PostgreSQL string literal in single quotes, embedded quotes doubled ({@code standard_conforming_strings}
     * is on in every supported version).
     */
    public static String pgLiteral(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a PostgreSQL literal cannot contain a NUL character: " + printable(value));
        }
        return '\'' + value.replace("'", "''") + '\'';
    }

    /**
     * A Doris identifier in backquotes, embedded backquotes doubled: {@code my`tab} becomes
     * {@code `my``tab`}. This is Doris's only identifier quoting, the same in SQL and in the Stream Load
     * {@code columns} header (which the FE parses as {@code SELECT <columns>}): the Nereids lexer's
     * {@code BACKQUOTED_IDENTIFIER : '`' ( ~'`' | '``' )* '`'} ({@code DorisLexer.g4}), unescaped by
     * {@code PostProcessor.exitQuotedIdentifier} ({@code replace("``", "`")}); the legacy scanner's
     * {@code QuotedIdentifier = \`(\`\`|[^\`])*\`} ({@code sql_scanner.flex}). Inside backquotes
     * commas, spaces, quotes, non-ASCII letters and reserved words are plain characters.
     *
     * @throws IllegalArgumentException if the name is empty or contains a NUL character
     */
    public static String quoteDoris(String name) {
        requireUsable(name, "Doris");
        return '`' + name.replace("`", "``") + '`';
    }

    /** A Doris (MySQL dialect) string literal in single quotes, with backslashes and quotes escaped. */
    public static String dorisLiteral(String value) {
        return '\'' + value.replace("\\", "\\\\").replace("'", "\\'") + '\'';
    }

    /** True if Doris accepts {@code name} as a database or table name. */
    public static boolean isValidDorisName(String name) {
        return name != null && DORIS_NAME.matcher(name).matches();
    }

    /**
     * True if {@code name} can be a Doris column that doris-cdc loads into: {@link #dorisColumnNameProblem}
     * finds nothing wrong with it.
     */
    public static boolean isValidDorisColumnName(String name) {
        return dorisColumnNameProblem(name) == null;
    }

    /**
     * Why {@code name} cannot be the name of a Doris column that doris-cdc creates and loads, or null if
     * it can. Every other name is safe everywhere it travels: backquoted ({@link #quoteDoris}) in SQL and
     * in the Stream Load {@code columns} header, a JSON-escaped field name in JSON bodies. Refused:
     * <ul>
     *   <li>what Doris refuses with Unicode names on (the default since 2.1; FE {@code FeNameFormat}): more
     *       than {@value #DORIS_MAX_COLUMN_NAME} characters, a trailing space, tab or line break
     *       ({@code ^[\s\S]{0,255}[\S]$}), the hidden-column prefix {@code __DORIS_} in any case (it also
     *       keeps the names doris-cdc adds to every load, {@code __DORIS_DELETE_SIGN__} and
     *       {@code __doris_cdc_version}, from colliding with a user column);</li>
     *   <li>control characters, which no HTTP header can carry;</li>
     *   <li>a dot: Doris reads a dotted name in the {@code columns} header differently by version (the
     *       Nereids load planner, apache/doris#49116, turns {@code `a.b`} into the name {@code "`a.b`"}, backquotes
     *       included, and {@code `a`.`b`} into {@code "a.b"} — {@code UnboundSlot.getName()}; the legacy
     *       planner reads {@code `a.b`} as {@code "a.b"} and refuses {@code `a`.`b`}), so no spelling loads
     *       into the right column on every Doris.</li>
     * </ul>
     * Names Doris refuses only with Unicode names off (quotes, non-ASCII letters, ...) are left to Doris,
     * whose CREATE TABLE says so.
     */
    public static String dorisColumnNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.codePointCount(0, name.length()) > DORIS_MAX_COLUMN_NAME) {
            return "Doris column names have at most " + DORIS_MAX_COLUMN_NAME + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return String.format("it contains the control character U+%04X, which cannot travel in a Stream Load header", (int) c);
            }
            if (c == '.') {
                return "it contains a dot, which Doris versions read differently in the Stream Load 'columns' header";
            }
        }
        if (" \t\n\u000b\f\r".indexOf(name.charAt(name.length() - 1)) >= 0) {
            return "Doris column names cannot end with whitespace";
        }
        if (name.regionMatches(true, 0, DORIS_HIDDEN_PREFIX, 0, DORIS_HIDDEN_PREFIX.length())) {
            return "Doris reserves names starting with '" + DORIS_HIDDEN_PREFIX + "' (in any case) for its hidden columns";
        }
        return null;
    }

    /**
     * Returns {@code name} if it can be a Doris column ({@link #dorisColumnNameProblem}).
     *
     * @param table the table the column belongs to, named in the message
     * @throws ConfigException naming the column, the table and the reason when it cannot
     */
    public static String requireDorisColumnName(String name, Object table) {
        String problem = dorisColumnNameProblem(name);
        if (problem != null) {
            throw new ConfigException("column " + printable(name) + " of " + table + " cannot be loaded into Doris: " + problem
                    + "; rename the column in PostgreSQL or exclude the table");
        }
        return name;
    }

    /**
     * Returns {@code name} if Doris accepts it as a database or table name.
     *
     * @param what what the name is, for the message ("Doris database", "Doris table")
     * @throws ConfigException naming the value and the rule when it does not
     */
    public static String requireDorisName(String name, String what) {
        if (!isValidDorisName(name)) {
            throw new ConfigException("invalid " + what + " name " + printable(name)
                    + ": Doris names start with a letter and continue with letters, digits, '-' or '_', at most 64 characters");
        }
        return name;
    }

    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    private static void requireUsable(String name, String dialect) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a " + dialect + " identifier cannot be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a " + dialect + " identifier cannot contain a NUL character: " + printable(name));
        }
    }
}
