package io.doriscdc.streamload.internal;

import io.doriscdc.api.transport.BatchLabels;
import java.nio.charset.StandardCharsets;

/**
 * Sub-labels of the extra loads of a batch ({@code <label>-p1}, ...): deterministic, within Doris's
 * alphabet and at most 128 characters (a long label is cut and a hash of the whole label keeps it
 * unique). Stateless.
 */
public final class PartLabels {

    private PartLabels() {
    }

    public static String of(String label, String suffix) {
        if (suffix.isEmpty()) {
            return label;
        }
        String l = label + suffix;
        if (l.length() <= 128) {
            return BatchLabels.requireValid(l);
        }
        String hash = "-" + Long.toHexString(fnv(label));
        return BatchLabels.requireValid(label.substring(0, 128 - suffix.length() - hash.length()) + hash + suffix);
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
