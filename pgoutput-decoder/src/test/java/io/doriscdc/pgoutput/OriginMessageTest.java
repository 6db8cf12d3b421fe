package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import org.junit.jupiter.api.Test;

class OriginMessageTest {

    @Test
    void decodesOriginLsnAndName() {
        assertThat(Wire.msg('O').i64(0x12345678L).str("golden_origin").decode())
                .isEqualTo(new OriginMessage(Lsn.of(0x12345678L), "golden_origin"));
    }

    @Test
    void nameWithoutTerminatorIsAnError() {
        assertThatThrownBy(() -> Wire.msg('O').i64(1).raw("abc".getBytes()).decode())
                .isInstanceOf(DecodeException.class).hasMessageContaining("no terminating NUL");
    }
}
