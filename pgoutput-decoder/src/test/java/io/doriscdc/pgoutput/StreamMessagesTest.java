package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Stream Start, Stop, Commit and Abort (protocol 2 and 4) and the session that tracks the block. */
class StreamMessagesTest {

    @Test
    void streamStartCarriesXidAndFirstSegment() {
        assertThat(Wire.msg('S').i32(900).i8(1).decode()).isEqualTo(new StreamStartMessage(900, true));
    }

    @Test
    void streamStopHasNoFields() {
        assertThat(Wire.msg('E').decode()).isInstanceOf(StreamStopMessage.class);
    }

    @Test
    void streamCommitCarriesXidLsnsAndTime() {
        assertThat(Wire.msg('c').i32(900).i8(0).i64(10).i64(20).i64(30).decode())
                .isEqualTo(new StreamCommitMessage(900, 0, Lsn.of(10), Lsn.of(20), 30));
    }

    @Test
    void protocol2StreamAbortHasOnlyXids() {
        StreamAbortMessage a = (StreamAbortMessage) Wire.msg('A').i32(900).i32(901).decode();
        assertThat(a.hasAbortInfo()).isFalse();
        assertThat(a.abortsTopLevel()).isFalse();
        assertThat(a.abortLsn()).isEqualTo(Lsn.INVALID);
    }

    @Test
    void protocol4ParallelStreamAbortCarriesAbortLsnAndTime() {
        StreamAbortMessage a = (StreamAbortMessage) Wire.msg('A').i32(900).i32(900).i64(55).i64(66).decode();
        assertThat(a).isEqualTo(new StreamAbortMessage(900, 900, Lsn.of(55), 66, true));
        assertThat(a.abortsTopLevel()).isTrue();
    }

    @Test
    void halfAnAbortInfoIsAnError() {
        assertThatThrownBy(() -> Wire.msg('A').i32(1).i32(1).i64(5).decode()).isInstanceOf(DecodeException.class);
    }

    @Test
    void sessionReadsTheXidOnlyInsideABlock() {
        PgOutputSession session = new PgOutputSession();
        session.next(ByteBuffer.wrap(Wire.msg('S').i32(9).i8(1).bytes()), Wire.LSN);
        InsertMessage inside = (InsertMessage) session.next(ByteBuffer.wrap(Wire.msg('I').i32(9).i32(1).i8('N').i16(0).bytes()), Wire.LSN);
        session.next(ByteBuffer.wrap(Wire.msg('E').bytes()), Wire.LSN);
        InsertMessage outside = (InsertMessage) session.next(ByteBuffer.wrap(Wire.msg('I').i32(1).i8('N').i16(0).bytes()), Wire.LSN);
        assertThat(inside.xid()).isEqualTo(9);
        assertThat(outside.xid()).isEqualTo(PgOutputMessage.NO_XID);
    }

    @Test
    void sessionRejectsAStopWithoutStart() {
        assertThatThrownBy(() -> new PgOutputSession().next(ByteBuffer.wrap(Wire.msg('E').bytes()), Wire.LSN))
                .isInstanceOf(DecodeException.class).hasMessageContaining("Stream Stop outside");
    }
}
