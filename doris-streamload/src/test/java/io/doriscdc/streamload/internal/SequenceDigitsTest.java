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
}
