package io.doriscdc.api.transport;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Deterministic Stream Load labels (ARCHITECTURE.md invariant 3): the same pipeline, table and
 * position range always give the same label, which matches Doris's {@code ^[-_A-Za-z0-9:]{1,128}$}.
 * A batch holds every change of its table between its first and last position, so the same label
 * always names the same rows.
 */
public final class BatchLabels {

    /** Doris's label rule (FE {@code FeNameFormat}, {@code label_regex_length=128}). */
    public static final Pattern LABEL = Pattern.compile("^[-_A-Za-z0-9:]{1,128}$");

    /** A label prefix: what identifies the pipeline, at most 48 characters of the label alphabet. */
    public static final Pattern PREFIX = Pattern.compile("^[-_A-Za-z0-9:]{1,48}$");

    private BatchLabels() {
    }

    /**
     * {@code <prefix>_<db>_<table>_<first>_<last>}, each position as its commit LSN in 16 hex digits,
     * {@code x} and its ordinal in hex ({@code 00000016B374D848x1F}). When the names hold characters
     * outside the label alphabet or the label would pass 128 characters, the database and table part
     * is replaced by a stable 64-bit hash of it.
     */
    public static String of(String prefix, DorisTableId target, StreamPosition first, StreamPosition last) {
        requirePrefix(prefix);
        String range = String.format("%016Xx%X_%016Xx%X", first.commitLsn().value(), first.ordinal(), last.commitLsn().value(), last.ordinal());
        String names = target.database() + "_" + target.table();
        String label = prefix + "_" + names + "_" + range;
        if (!LABEL.matcher(label).matches()) {
            label = prefix + "_h" + Long.toHexString(fnv1a64(target.database() + "." + target.table())) + "_" + range;
        }
        if (label.length() > 128) {
            // only with ordinals beyond 2^40 and a long prefix: the range is hashed too
            label = prefix + "_h" + Long.toHexString(fnv1a64(target.database() + "." + target.table())) + "_r"
                    + Long.toHexString(fnv1a64(range)) + "_" + String.format("%016X", last.commitLsn().value());
        }
        return label;
    }

    /**
     * The label of one batch of a snapshot copy: {@code <prefix>_<db>_<table>_S<snapshotLsn>_<startBlock>_<part>},
     * deterministic for the snapshot position, the CTID range it copies and the batch's number
     * within that range; hashed like {@link #of} when the names do not fit.
     */
    public static String ofSnapshot(String prefix, DorisTableId target, Lsn snapshot, long startBlock, int part) {
        requirePrefix(prefix);
        String tail = String.format("S%016X_%d_%d", snapshot.value(), startBlock, part);
        String label = prefix + "_" + target.database() + "_" + target.table() + "_" + tail;
        if (!LABEL.matcher(label).matches()) {
            label = prefix + "_h" + Long.toHexString(fnv1a64(target.database() + "." + target.table())) + "_" + tail;
        }
        return label;
    }

    /** Checks a label prefix, naming it when it is not usable. */
    public static String requirePrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new ConfigException("invalid label prefix '" + prefix + "': use 1 to 48 characters of A-Z a-z 0-9 - _ :");
        }
        return prefix;
    }

    /** Checks a whole label against Doris's rule. */
    public static String requireValid(String label) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("invalid Doris label '" + label + "': it must match " + LABEL.pattern());
        }
        return label;
    }

    private static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
