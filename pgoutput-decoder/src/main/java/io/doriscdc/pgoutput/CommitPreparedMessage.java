package io.doriscdc.pgoutput;

import io.doriscdc.api.Lsn;
import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'K' Commit Prepared (protocol 3+).
 *
 * @param flags currently 0
 * @param commitLsn the LSN of the COMMIT PREPARED record
 * @param endLsn its end LSN
 * @param commitTime microseconds since 2000-01-01 UTC
 * @param xid the transaction's xid
 * @param gid the global transaction id
 */
public record CommitPreparedMessage(int flags, Lsn commitLsn, Lsn endLsn, long commitTime, int xid, String gid)
        implements PgOutputMessage {
    @Override
    public char type() {
        return 'K';
    }

    static CommitPreparedMessage decode(MessageReader r, boolean inStream) {
        CommitPreparedMessage m = new CommitPreparedMessage(r.readByte("flags"), r.readLsn("commit LSN"),
                r.readLsn("end LSN"), r.readLong("commit time"), r.readInt("xid"), r.readString("gid"));
        r.expectEnd();
        return m;
    }
}
