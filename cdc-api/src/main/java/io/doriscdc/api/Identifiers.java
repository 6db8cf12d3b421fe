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

    /** Doris column names: FE {@code COLUMN_NAME_REGEX} (1 to 256 characters, no backquote, no control characters). */
    private static final Pattern DORIS_COLUMN = Pattern.compile("^[_a-zA-Z@0-9\\s/\\p{L}][.a-zA-Z0-9_+\\-/?@#$%^&*\"\\s,:\\p{L}]{0,255}$");

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
     * {@code `my``tab`}.
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

    /** True if Doris accepts {@code name} as a column name. */
    public static boolean isValidDorisColumnName(String name) {
        return name != null && DORIS_COLUMN.matcher(name).matches();
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
