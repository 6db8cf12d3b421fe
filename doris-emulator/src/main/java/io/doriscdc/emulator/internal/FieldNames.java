package io.doriscdc.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * What a JSON field name means to one load, memoised by the name's UTF-8 bytes so that a body's
 * repeated names cost a hash and a compare, not a {@code String} and a lower-casing each: the
 * {@link RowLayout} slot, {@link #UNUSED} for a field that counts (no {@code columns} header, or a
 * header name) but that no column reads, or {@link #NOT_IN_HEADER} for a field the header does not
 * name, which is ignored. A header name must equal the field's name byte for byte, as the BE looks
 * fields up ({@code NewJsonReader::_column_index}). At most {@link #MAX_NAMES} distinct names are
 * remembered; others are resolved each time.
 *
 * <p>Not thread-safe; one per load.
 */
final class FieldNames {
    static final int UNUSED = -1;
    static final int NOT_IN_HEADER = -2;
    static final int MAX_NAMES = 4096;

    private final RowLayout layout;
    private final Set<String> header;
    private byte[][] names = new byte[64][];
    private int[] codes = new int[64];
    private int count;
    private byte[] lastName;

    FieldNames(RowLayout layout, Set<String> header) {
        this.layout = layout;
        this.header = header;
    }

    /** The meaning of the name {@code b[from, to)} (UTF-8, no escapes in it). */
    int code(byte[] b, int from, int to) {
        int h = hash(b, from, to);
        int mask = names.length - 1;
        int i = h & mask;
        for (byte[] n = names[i]; n != null; n = names[i]) {
            if (Arrays.equals(b, from, to, n, 0, n.length)) {
                lastName = n;
                return codes[i];
            }
            i = (i + 1) & mask;
        }
        int code = resolve(new String(b, from, to - from, StandardCharsets.UTF_8));
        lastName = null;
        if (count < MAX_NAMES) {
            names[i] = Arrays.copyOfRange(b, from, to);
            lastName = names[i];
            codes[i] = code;
            if (++count * 2 > names.length) {
                grow();
            }
        }
        return code;
    }

    /** The bytes of the name the last {@link #code} call looked up, or null when it is not memoised. */
    byte[] lastName() {
        return lastName;
    }

    /** The meaning of {@code name}, not memoised. */
    int resolve(String name) {
        if (header != null && !header.contains(name)) {
            return NOT_IN_HEADER;
        }
        int slot = layout.slot(name);
        return slot >= 0 ? slot : UNUSED;
    }

    private void grow() {
        byte[][] oldNames = names;
        int[] oldCodes = codes;
        names = new byte[oldNames.length * 2][];
        codes = new int[oldNames.length * 2];
        int mask = names.length - 1;
        for (int j = 0; j < oldNames.length; j++) {
            if (oldNames[j] != null) {
                int i = hash(oldNames[j], 0, oldNames[j].length) & mask;
                while (names[i] != null) {
                    i = (i + 1) & mask;
                }
                names[i] = oldNames[j];
                codes[i] = oldCodes[j];
            }
        }
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }
}
