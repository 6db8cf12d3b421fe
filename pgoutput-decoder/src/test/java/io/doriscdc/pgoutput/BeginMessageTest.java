package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BeginMessageTest {

    @Test
    void decodesFinalLsnCommitTimeAndXid() {
        PgOutputMessage m = Wire.msg('B').i64(0x16B374D848L).i64(1_000_000L).i32(742).decode();
        assertThat(m).isEqualTo(new BeginMessage(Lsn.of(0x16B374D848L), 1_000_000L, 742));
        assertThat(((BeginMessage) m).commitInstant()).isEqualTo(Instant.parse("2000-01-01T00:00:01Z"));
    }

    @Test
    void truncatedBeginNamesTypeOffsetAndLsn() {
        assertThatThrownBy(() -> Wire.msg('B').i64(1).i32(0).decode())
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("type 'B'").hasMessageContaining("at LSN 16/B374D848").hasMessageContaining("byte offset 9");
    }
}
