package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DecodeException;
import org.junit.jupiter.api.Test;

class DeleteMessageTest {

    @Test
    void keyDeleteCarriesTheOldKey() {
        DeleteMessage d = (DeleteMessage) Wire.msg('D').i32(1).i8('K').i16(1).text("7").decode();
        assertThat(d.oldKey()).isNotNull();
        assertThat(d.oldRow()).isNull();
    }

    @Test
    void fullDeleteCarriesTheOldRow() {
        DeleteMessage d = (DeleteMessage) Wire.msg('D').i32(1).i8('O').i16(1).text("7").decode();
        assertThat(d.oldRow()).isNotNull();
        assertThat(d.oldTuple()).isSameAs(d.oldRow());
    }

    @Test
    void aNewTupleMarkerIsNotAnOldTuple() {
        assertThatThrownBy(() -> Wire.msg('D').i32(1).i8('N').i16(0).decode())
                .isInstanceOf(DecodeException.class).hasMessageContaining("expected old tuple marker 'K' or 'O'");
    }
}
