package io.doriscdc.pgoutput;

import io.doriscdc.api.Lsn;
import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'c' Stream Commit (protocol 2+): the streamed transaction {@code xid} committed.
 *
 * @param xid the transaction's xid
 * @param flags currently always 0
 * @param commitLsn the LSN of the commit record
 * @param endLsn the end LSN of the transaction
 * @param commitTime microseconds since 2000-01-01 UTC
 */
public record StreamCommitMessage(int xid, int flags, Lsn commitLsn, Lsn endLsn, long commitTime) implements PgOutputMessage {
    @Override
    public char type() {
        return 'c';
    }

    public java.time.Instant commitInstant() {
        return PgOutputMessage.toInstant(commitTime);
    }

    static StreamCommitMessage decode(MessageReader r, boolean inStream) {
        StreamCommitMessage m = new StreamCommitMessage(r.readInt("xid"), r.readByte("flags"), r.readLsn("commit LSN"),
                r.readLsn("end LSN"), r.readLong("commit time"));
        r.expectEnd();
        return m;
    }
}
