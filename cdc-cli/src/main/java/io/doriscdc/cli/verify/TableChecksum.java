package io.doriscdc.cli.verify;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A row count and an order-independent 64-bit checksum of a table's rows in canonical text (the sum
 * of a mixed FNV-1a hash of each row), so that PostgreSQL's and Doris's different row orders give
 * the same result for the same rows. Not thread-safe while adding; immutable once read.
 */
public final class TableChecksum {

    private long rows;
    private long sum;

    /** Adds a row given as canonical values in column order. */
    public void add(List<String> canonicalValues) {
        long h = 0xcbf29ce484222325L;
        for (String v : canonicalValues) {
            for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
            h = (h ^ 0x1f) * 0x100000001b3L; // value separator
        }
        sum += mix(h);
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** The checksum as 16 hex digits. */
    public String checksum() {
        return String.format("%016x", sum);
    }

    /** splitmix64's finaliser: spreads FNV's weak low bits before summing. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return rows + " rows, checksum " + checksum();
    }
}
