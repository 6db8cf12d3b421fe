package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DecodeException;
import org.junit.jupiter.api.Test;

class TruncateMessageTest {

    @Test
    void decodesSeveralRelationsWithCascadeAndRestartIdentity() {
        TruncateMessage t = (TruncateMessage) Wire.msg('T').i32(2).i8(3).i32(100).i32(200).decode();
        assertThat(t.relationIds()).containsExactly(100, 200);
        assertThat(t.cascade()).isTrue();
        assertThat(t.restartIdentity()).isTrue();
    }

    @Test
    void impossibleRelationCountIsRejected() {
        assertThatThrownBy(() -> Wire.msg('T').i32(1_000_000).i8(0).i32(1).decode())
                .isInstanceOf(DecodeException.class).hasMessageContaining("impossible relation count 1000000");
    }
}
