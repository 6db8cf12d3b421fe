package io.doriscdc.streamload.internal;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;

/**
 * The decimal digits of a row's version for the sequence column ({@link StreamPosition#sequenceValue()},
 * commit LSN × 2^64 + ordinal), kept for the last version written and for the last commit: every row of a
 * copy carries the same version (the snapshot's), so its digits are worked out once per range; the rows
 * of one streamed transaction share the commit LSN, so the digits of commit LSN × 2^64 are worked out once
 * per transaction and each row only adds its ordinal to them, digit by digit (the profile of a drain had
 * the full 128-bit conversion at 9 % of the worker thread). Not thread-safe; one per part writer.
 */
final class SequenceDigits {

    private static final int N = StreamPosition.MAX_SEQUENCE_DIGITS;

    private final byte[] digits = new byte[N];
    /** The digit values (0–9, not characters) of {@link #baseOf} × 2^64, right-aligned, with leading zeros. */
    private final byte[] base = new byte[N];
    private Lsn baseOf;
    private StreamPosition of;
    private int length;

    /** Makes {@link #bytes()} hold the digits of {@code version} and returns how many there are. */
    int of(StreamPosition version) {
        if (version == of || version.equals(of)) {
            return length;
        }
        of = version;
        long ordinal = version.ordinal();
        if (ordinal < 0) { // past 2^63: not an ordinal a transaction reaches; the general conversion
            baseOf = null;
            length = version.writeSequenceDigits(digits, 0);
            return length;
        }
        if (!version.commitLsn().equals(baseOf)) {
            int n = new StreamPosition(version.commitLsn(), 0).writeSequenceDigits(digits, 0);
            java.util.Arrays.fill(base, 0, N - n, (byte) 0);
            for (int i = 0; i < n; i++) {
                base[N - n + i] = (byte) (digits[i] - '0');
            }
            baseOf = version.commitLsn();
        }
        // base + ordinal, right-aligned into digits
        int carry = 0;
        long rest = ordinal;
        int first = N;
        for (int i = N - 1; i >= 0; i--) {
            int d = base[i] + (int) (rest % 10) + carry;
            rest /= 10;
            carry = d >= 10 ? 1 : 0;
            d -= 10 * carry;
            digits[i] = (byte) ('0' + d);
            if (d != 0) {
                first = i;
            }
        }
        if (first == N) { // the value 0
            digits[0] = '0';
            length = 1;
            return 1;
        }
        length = N - first;
        System.arraycopy(digits, first, digits, 0, length);
        return length;
    }

    /** The digits of the last version given to {@link #of}, from index 0. */
    byte[] bytes() {
        return digits;
    }
}
