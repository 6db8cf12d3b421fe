package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.Lsn;
import org.junit.jupiter.api.Test;

/** Begin Prepare, Prepare, Commit Prepared, Rollback Prepared and Stream Prepare (protocol 3). */
class TwoPhaseMessagesTest {

    @Test
    void beginPrepare() {
        assertThat(Wire.msg('b').i64(1).i64(2).i64(3).i32(4).str("gid1").decode())
                .isEqualTo(new BeginPrepareMessage(Lsn.of(1), Lsn.of(2), 3, 4, "gid1"));
    }

    @Test
    void prepare() {
        assertThat(Wire.msg('P').i8(0).i64(1).i64(2).i64(3).i32(4).str("gid1").decode())
                .isEqualTo(new PrepareMessage(0, Lsn.of(1), Lsn.of(2), 3, 4, "gid1"));
    }

    @Test
    void commitPreparedIsNotAnOldKeyAtTopLevel() {
        assertThat(Wire.msg('K').i8(0).i64(1).i64(2).i64(3).i32(4).str("gid1").decode())
                .isEqualTo(new CommitPreparedMessage(0, Lsn.of(1), Lsn.of(2), 3, 4, "gid1"));
    }

    @Test
    void rollbackPrepared() {
        assertThat(Wire.msg('r').i8(0).i64(1).i64(2).i64(3).i64(5).i32(4).str("gid1").decode())
                .isEqualTo(new RollbackPreparedMessage(0, Lsn.of(1), Lsn.of(2), 3, 5, 4, "gid1"));
    }

    @Test
    void streamPrepare() {
        assertThat(Wire.msg('p').i8(0).i64(1).i64(2).i64(3).i32(4).str("gid1").decode())
                .isEqualTo(new StreamPrepareMessage(0, Lsn.of(1), Lsn.of(2), 3, 4, "gid1"));
    }
}
