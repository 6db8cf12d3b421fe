package io.doriscdc.chaos;

/** SQL literal helpers for statements built as text (standard_conforming_strings on). Stateless. */
final class Sql {

    private Sql() {
    }

    /** A string literal, or NULL. */
    static String lit(String s) {
        return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
    }

    /** A typed literal such as {@code '0001-01-01'::date}. */
    static String typed(String s, String type) {
        return lit(s) + "::" + type;
    }

    /** A value in COPY's text format: backslash escapes, {@code \N} for NULL. */
    static String copyText(String s) {
        if (s == null) {
            return "\\N";
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
