package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import org.junit.jupiter.api.Test;

class LogicalMessageTest {

    @Test
    void decodesTransactionalFlagLsnPrefixAndContent() {
        LogicalMessage m = (LogicalMessage) Wire.msg('M').i8(1).i64(77).str("golden").i32(2).raw(new byte[] {'h', 'i'}).decode();
        assertThat(m.transactional()).isTrue();
        assertThat(m.messageLsn()).isEqualTo(Lsn.of(77));
        assertThat(m.prefix()).isEqualTo("golden");
        assertThat(m.contentAsString()).isEqualTo("hi");
    }

    @Test
    void hostileContentLengthIsRejectedWithoutAllocating() {
        assertThatThrownBy(() -> Wire.msg('M').i8(0).i64(1).str("p").i32(Integer.MAX_VALUE).decode())
                .isInstanceOf(DecodeException.class).hasMessageContaining("content needs 2147483647 bytes");
    }
}
