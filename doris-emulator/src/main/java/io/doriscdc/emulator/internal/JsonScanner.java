package io.doriscdc.emulator.internal;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over UTF-8 JSON text in a byte array for the Stream Load fast path. It accepts exactly
 * what Jackson's default parser accepts (RFC 8259: whitespace is space, tab, CR and LF; no comments,
 * single quotes, leading zeros, {@code NaN}, unescaped control characters or unknown escapes) and
 * declines anything else, and input near Jackson's {@code StreamReadConstraints} (number and name
 * length, nesting depth), by returning {@link #FAIL} or {@code null}. A caller then hands the document
 * to Jackson, which decides and words the error, so the fast path never changes what is accepted.
 * Strings are decoded as {@code new String(bytes, UTF_8)} decodes them (malformed bytes become
 * U+FFFD): every cut it makes is at an ASCII byte, which UTF-8 never uses inside a character, so a
 * value decodes to what the same bytes give within the whole body.
 *
 * <p>Not thread-safe; one per load body.
 */
final class JsonScanner {
    static final int FAIL = -1;
    /** Below Jackson's {@code maxNumberLength} (1,000). */
    static final int MAX_NUMBER_CHARS = 500;
    /** Below Jackson's {@code maxNameLength} (50,000). */
    static final int MAX_NAME_CHARS = 10_000;
    /** Below Jackson's {@code maxStringLength} (20,000,000). */
    static final int MAX_STRING_CHARS = 1 << 20;
    /** Below Jackson's {@code maxNestingDepth} (1,000). */
    static final int MAX_DEPTH = 200;

    final byte[] b;
    int pos;
    int limit;
    /** Whether the last number {@link #scanNumber} scanned had a fraction or an exponent. */
    boolean lastNumberIsFloat;
    private char[] unescaped = new char[256];
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    JsonScanner(byte[] b) {
        this.b = b;
        this.limit = b.length;
    }

    /** Confines the cursor to {@code [from, to)}. */
    void range(int from, int to) {
        pos = from;
        limit = to;
    }

    /** Skips JSON whitespace; returns the next character, or -1 at the limit. */
    int skipWs() {
        while (pos < limit) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c & 0xFF;
            }
            pos++;
        }
        return -1;
    }

    /** After skipping whitespace, consumes {@code c} if it is next. */
    boolean consume(char c) {
        if (skipWs() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * At a string's opening quote: the end of its content (the closing quote's index) when the string
     * holds no escape, {@code -2 - end} when it does, or {@link #FAIL}. {@link #pos} is left after the
     * closing quote.
     */
    int scanString(int maxChars) {
        int start = pos + 1;
        boolean escaped = false;
        int i = start;
        while (true) {
            while (i + 8 <= limit && !Swar.mayHoldQuoteBackslashOrControl(Swar.word(b, i))) {
                i += 8;
            }
            if (i >= limit) {
                return FAIL;
            }
            byte c = b[i];
            if (c == '"') {
                if (i - start > maxChars) {
                    return FAIL;
                }
                pos = i + 1;
                return escaped ? -2 - i : i;
            }
            if (c == '\\') {
                if (i + 1 >= limit) {
                    return FAIL;
                }
                byte e = b[++i];
                if (e == 'u') {
                    if (i + 4 >= limit || hex(i + 1) < 0) {
                        return FAIL;
                    }
                    i += 4;
                } else if (e < 0 || "\"\\/bfnrt".indexOf(e) < 0) {
                    return FAIL;
                }
                escaped = true;
            } else if (c >= 0 && c < 0x20) {
                return FAIL;
            }
            i++;
        }
    }

    /** At a string's opening quote: its content, or null to decline; {@link #pos} is left after the closing quote. */
    String string(int maxChars) {
        int start = pos + 1;
        int end = scanString(maxChars);
        if (end >= 0) {
            return new String(b, start, end - start, StandardCharsets.UTF_8);
        }
        return end == FAIL ? null : unescape(start, -2 - end);
    }

    private String unescape(int from, int to) {
        if (unescaped.length < to - from) {
            unescaped = new char[Math.max(to - from, 2 * unescaped.length)];
        }
        char[] out = unescaped;
        int n = 0;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c < 0) {
                int run = i;
                while (i + 1 < to && b[i + 1] < 0) {
                    i++;
                }
                String text = new String(b, run, i + 1 - run, StandardCharsets.UTF_8); // never more chars than bytes
                text.getChars(0, text.length(), out, n);
                n += text.length();
            } else if (c != '\\') {
                out[n++] = (char) c;
            } else {
                byte e = b[++i];
                switch (e) {
                    case 'b' -> out[n++] = '\b';
                    case 'f' -> out[n++] = '\f';
                    case 'n' -> out[n++] = '\n';
                    case 'r' -> out[n++] = '\r';
                    case 't' -> out[n++] = '\t';
                    case 'u' -> {
                        out[n++] = (char) hex(i + 1);
                        i += 4;
                    }
                    default -> out[n++] = (char) e; // " \ /
                }
            }
        }
        return new String(out, 0, n);
    }

    /** The four ASCII hex digits at {@code at}, or -1. */
    private int hex(int at) {
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            byte c = b[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /**
     * At a number's first character: scans it and returns its end, or {@link #FAIL}; {@link #pos} is
     * left at the end. {@link #lastNumberIsFloat} tells whether it had a fraction or an exponent.
     */
    int scanNumber() {
        int i = pos;
        if (i < limit && b[i] == '-') {
            i++;
        }
        int intStart = i;
        while (i < limit && isDigit(b[i])) {
            i++;
        }
        if (i == intStart || (b[intStart] == '0' && i - intStart > 1)) {
            return FAIL;
        }
        boolean isFloat = false;
        if (i < limit && b[i] == '.') {
            int f = ++i;
            while (i < limit && isDigit(b[i])) {
                i++;
            }
            if (i == f) {
                return FAIL;
            }
            isFloat = true;
        }
        if (i < limit && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < limit && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int e = i;
            while (i < limit && isDigit(b[i])) {
                i++;
            }
            if (i == e) {
                return FAIL;
            }
            isFloat = true;
        }
        if (i - pos > MAX_NUMBER_CHARS) {
            return FAIL;
        }
        lastNumberIsFloat = isFloat;
        pos = i;
        return i;
    }

    /**
     * The text Jackson's tree gives a number ({@code JsonNode.asText()}): an integer as written, but
     * {@code -0} as {@code 0} (an {@code IntNode}); a fraction or exponent through a {@code double}
     * ({@code DoubleNode}: {@code Double.toString}, e.g. {@code 1e2} → {@code 100.0}).
     */
    static String numberText(String token, boolean isFloat) {
        if (isFloat) {
            return Double.toString(Double.parseDouble(token));
        }
        return token.equals("-0") ? "0" : token;
    }

    /** At {@code true}, {@code false} or {@code null}: consumes it and returns 1, 0 or -1 (null); {@code FAIL - 1} to decline. */
    int literal() {
        if (matches(TRUE)) {
            pos += 4;
            return 1;
        }
        if (matches(FALSE)) {
            pos += 5;
            return 0;
        }
        if (matches(NULL)) {
            pos += 4;
            return -1;
        }
        return FAIL - 1;
    }

    private boolean matches(byte[] word) {
        return pos + word.length <= limit && java.util.Arrays.equals(b, pos, pos + word.length, word, 0, word.length);
    }

    /** The ASCII text {@code [from, to)} (a number token). */
    String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Validates and skips one value (any nesting); false to decline. */
    boolean skipValue(int depth) {
        int c = skipWs();
        switch (c) {
            case '"':
                return scanString(MAX_STRING_CHARS) != FAIL;
            case '{':
            case '[':
                return skipContainer(c == '{', depth + 1);
            case 't':
            case 'f':
            case 'n':
                return literal() >= -1 && endsValue();
            default:
                return (c == '-' || isDigit(c)) && scanNumber() != FAIL && endsValue();
        }
    }

    private boolean skipContainer(boolean object, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        pos++;
        char close = object ? '}' : ']';
        if (consume(close)) {
            return true;
        }
        do {
            if (object && (skipWs() != '"' || scanString(MAX_NAME_CHARS) == FAIL || !consume(':'))) {
                return false;
            }
            if (!skipValue(depth)) {
                return false;
            }
        } while (consume(','));
        return consume(close);
    }

    /** Whether a scalar ends here as it must inside a container: whitespace, a comma or a closing bracket. */
    boolean endsValue() {
        if (pos >= limit) {
            return false;
        }
        byte c = b[pos];
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
