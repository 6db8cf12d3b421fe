package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PgOutputDecoderTest {

    @Test
    void unknownTypeByteNamesByteOffsetAndLsn() {
        assertThatThrownBy(() -> Wire.msg('Z').decode())
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("unknown message type byte 0x5a ('Z')").hasMessageContaining("16/B374D848")
                .hasMessageContaining("byte offset 0")
                .satisfies(e -> assertThat(((DecodeException) e).messageType()).isEqualTo('Z'));
    }

    @Test
    void emptyMessageIsAnError() {
        assertThatThrownBy(() -> new PgOutputDecoder().decode(ByteBuffer.allocate(0), Lsn.INVALID))
                .isInstanceOf(DecodeException.class).hasMessageContaining("message type needs 1 bytes");
    }

    @Test
    void decodesFromThePositionOfASlicedBufferWithoutCopying() {
        byte[] framed = new byte[30];
        byte[] begin = Wire.msg('B').i64(1).i64(2).i32(3).bytes();
        System.arraycopy(begin, 0, framed, 5, begin.length);
        ByteBuffer buf = ByteBuffer.wrap(framed, 5, begin.length);
        assertThat(new PgOutputDecoder().decode(buf, Lsn.INVALID)).isEqualTo(new BeginMessage(Lsn.of(1), 2, 3));
        assertThat(buf.position()).isEqualTo(5);
    }
}
