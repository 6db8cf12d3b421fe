package io.doriscdc.streamload.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SequenceDigitsTest {

    private static String text(SequenceDigits d, StreamPosition p) {
        int n = d.of(p);
        return new String(d.bytes(), 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void theDigitsFollowEachVersionAndAreKeptForARepeatedOne() {
        SequenceDigits d = new SequenceDigits();
        StreamPosition snapshot = StreamPosition.snapshot(Lsn.of(0x1_0000_0000L));
        assertThat(text(d, snapshot)).isEqualTo(snapshot.sequenceValue());
        assertThat(text(d, StreamPosition.snapshot(Lsn.of(0x1_0000_0000L)))).as("an equal version").isEqualTo(snapshot.sequenceValue());
        StreamPosition next = new StreamPosition(Lsn.of(0x1_0000_0000L), 7);
        assertThat(text(d, next)).isEqualTo(next.sequenceValue());
        StreamPosition small = new StreamPosition(Lsn.of(1), 0);
        assertThat(text(d, small)).isEqualTo("18446744073709551616").isEqualTo(small.sequenceValue());
    }

    @Test
    void rowsOfOneCommitAddTheirOrdinalToDigitsWorkedOutOncePerCommit() {
        SequenceDigits d = new SequenceDigits();
        java.util.Random r = new java.util.Random(20261201);
        long max = 0x7FF_FFFF_FFFF_FFFFL; // the newest LSN whose version fits LARGEINT
        long[] lsns = {0, 1, 0xFFFF_FFFFL, 0x1_0000_0000L, 0x16_B374_D848L, max, r.nextLong() & max};
        long[] ordinals = {0, 1, 9, 10, 99, 1_000, 999_999_999, 4_294_967_295L, 4_294_967_296L, Long.MAX_VALUE, -1L, r.nextLong()};
        for (long lsn : lsns) {
            for (long o : ordinals) {
                StreamPosition p = new StreamPosition(Lsn.of(lsn), o);
                assertThat(text(d, p)).as("%s", p).isEqualTo(p.sequenceValue());
            }
        }
        for (int i = 0; i < 20_000; i++) {
            StreamPosition p = new StreamPosition(Lsn.of(r.nextInt(4) == 0 ? r.nextLong() & max : lsns[r.nextInt(lsns.length)]),
                    r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(5_000));
            assertThat(text(d, p)).as("%s", p).isEqualTo(p.sequenceValue());
        }
    }
}
