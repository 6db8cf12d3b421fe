package io.doriscdc.streamload.internal;

import io.doriscdc.api.StreamPosition;

/**
 * The decimal digits of a row's version for the sequence column, kept for the last version
 * written: every row of a copy carries the same version (the snapshot's), so its digits are
 * worked out once per range instead of once per row. Not thread-safe; one per part writer.
 */
final class SequenceDigits {

    private final byte[] digits = new byte[StreamPosition.MAX_SEQUENCE_DIGITS];
    private StreamPosition of;
    private int length;

    /** Makes {@link #bytes()} hold the digits of {@code version} and returns how many there are. */
    int of(StreamPosition version) {
        if (version != of && !version.equals(of)) {
            length = version.writeSequenceDigits(digits, 0);
            of = version;
        }
        return length;
    }

    /** The digits of the last version given to {@link #of}, from index 0. */
    byte[] bytes() {
        return digits;
    }
}
