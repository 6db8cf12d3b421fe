package io.doriscdc.api;

/**
 * The place of a change in the replication stream (ARCHITECTURE.md invariant 2): the commit LSN of
 * its transaction and its ordinal among the changes of its own table in that transaction (1 for the
 * table's first). pgoutput sends transactions in commit order, so one table's positions grow in
 * stream order, and a replay of the stream gives every change the same position again, whatever
 * other tables are published then. Positions of two tables within one transaction are not ordered
 * against each other by anything meaningful: compare positions of one table only. A change's own
 * LSN is <em>not</em> a position: it does not grow across overlapping transactions.
 *
 * <p>Ordinal 0 stands before every change of the transaction committed at that LSN: a snapshot
 * copy consistent at LSN X writes its rows at {@code (X, 0)}, below any change committed at X.
 *
 * <p>A position is also the row's version in Doris (the sequence column, type {@code LARGEINT}):
 * {@link #sequenceValue()} = commit LSN × 2<sup>64</sup> + ordinal, strictly increasing with the
 * position. It fits Doris's signed 128-bit {@code LARGEINT} while the commit LSN is below
 * 2<sup>63</sup> (8 EiB of WAL), which the constructor checks. Immutable and thread-safe.
 *
 * @param commitLsn the commit LSN of the change's transaction (pgoutput's Begin final_lsn / Commit commit_lsn)
 * @param ordinal the change's ordinal among its table's changes in its transaction, unsigned, 0 for snapshot rows
 */
public record StreamPosition(Lsn commitLsn, long ordinal) implements Comparable<StreamPosition> {

    /** The smallest position. */
    public static final StreamPosition ZERO = new StreamPosition(Lsn.INVALID, 0);

    /** Most digits of a {@link #sequenceValue()}: 2^127 − 1 has 39. */
    public static final int MAX_SEQUENCE_DIGITS = 39;

    private static final long BILLION = 1_000_000_000L;

    public StreamPosition {
        if (commitLsn == null) {
            throw new IllegalArgumentException("commit LSN is null");
        }
        if (commitLsn.value() < 0) {
            throw new IllegalArgumentException("commit LSN " + commitLsn + " is at or past 8000000/0: its version would not fit"
                    + " Doris's LARGEINT sequence column");
        }
    }

    /** The position of the {@code ordinal}-th change of the transaction committed at {@code commitLsn}. */
    public static StreamPosition of(long commitLsn, long ordinal) {
        return new StreamPosition(Lsn.of(commitLsn), ordinal);
    }

    /** The version of rows copied by a snapshot consistent at {@code snapshotLsn}: before every change committed there. */
    public static StreamPosition snapshot(Lsn snapshotLsn) {
        return new StreamPosition(snapshotLsn, 0);
    }

    @Override
    public int compareTo(StreamPosition o) {
        int c = commitLsn.compareTo(o.commitLsn);
        return c != 0 ? c : Long.compareUnsigned(ordinal, o.ordinal);
    }

    public boolean isBefore(StreamPosition o) {
        return compareTo(o) < 0;
    }

    public boolean isAfter(StreamPosition o) {
        return compareTo(o) > 0;
    }

    /** The later of the two. */
    public static StreamPosition max(StreamPosition a, StreamPosition b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Writes the decimal digits of {@link #sequenceValue()} into {@code out} from {@code offset}
     * (room for {@link #MAX_SEQUENCE_DIGITS} bytes needed) and returns how many were written.
     * Allocates nothing: encoders call it for every row.
     */
    public int writeSequenceDigits(byte[] out, int offset) {
        // the value as four 32-bit words, divided by 10^9 until nothing is left; the digits are
        // written right-aligned into the 39-byte window, then moved to its start
        long w3 = commitLsn.value() >>> 32;
        long w2 = commitLsn.value() & 0xFFFFFFFFL;
        long w1 = ordinal >>> 32;
        long w0 = ordinal & 0xFFFFFFFFL;
        int end = offset + MAX_SEQUENCE_DIGITS;
        int pos = end;
        do {
            long x = w3;
            w3 = x / BILLION;
            x = ((x % BILLION) << 32) | w2;
            w2 = x / BILLION;
            x = ((x % BILLION) << 32) | w1;
            w1 = x / BILLION;
            x = ((x % BILLION) << 32) | w0;
            w0 = x / BILLION;
            long chunk = x % BILLION;
            boolean last = (w3 | w2 | w1 | w0) == 0;
            for (int i = 0; i < 9 && (!last || chunk != 0 || i == 0); i++) {
                out[--pos] = (byte) ('0' + chunk % 10);
                chunk /= 10;
            }
        } while ((w3 | w2 | w1 | w0) != 0);
        int n = end - pos;
        System.arraycopy(out, pos, out, offset, n);
        return n;
    }

    /** The sequence value as decimal text (allocates; for logs, SQL and tests). */
    public String sequenceValue() {
        byte[] b = new byte[MAX_SEQUENCE_DIGITS];
        int n = writeSequenceDigits(b, 0);
        return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** {@code 16/B374D848#3}: the commit LSN and the ordinal. */
    @Override
    public String toString() {
        return commitLsn + "#" + Long.toUnsignedString(ordinal);
    }
}
