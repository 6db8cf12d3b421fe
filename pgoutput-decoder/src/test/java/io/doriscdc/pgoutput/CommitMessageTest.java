package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import org.junit.jupiter.api.Test;

class CommitMessageTest {

    @Test
    void decodesFlagsCommitLsnEndLsnAndTime() {
        assertThat(Wire.msg('C').i8(0).i64(100).i64(200).i64(-5).decode())
                .isEqualTo(new CommitMessage(0, Lsn.of(100), Lsn.of(200), -5));
    }

    @Test
    void trailingBytesAreAnError() {
        assertThatThrownBy(() -> Wire.msg('C').i8(0).i64(100).i64(200).i64(5).i8(1).decode())
                .isInstanceOf(DecodeException.class).hasMessageContaining("trailing");
    }
}
