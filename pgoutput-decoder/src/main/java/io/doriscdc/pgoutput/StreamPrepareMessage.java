package io.doriscdc.pgoutput;

import io.doriscdc.api.Lsn;
import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'p' Stream Prepare (protocol 3+): a streamed transaction was prepared. Same fields as {@link PrepareMessage}.
 *
 * @param flags currently 0
 * @param prepareLsn the LSN of the PREPARE record
 * @param endLsn the end LSN of the prepared transaction
 * @param prepareTime microseconds since 2000-01-01 UTC
 * @param xid the transaction's xid
 * @param gid the global transaction id
 */
public record StreamPrepareMessage(int flags, Lsn prepareLsn, Lsn endLsn, long prepareTime, int xid, String gid)
        implements PgOutputMessage {
    @Override
    public char type() {
        return 'p';
    }

    static StreamPrepareMessage decode(MessageReader r, boolean inStream) {
        StreamPrepareMessage m = new StreamPrepareMessage(r.readByte("flags"), r.readLsn("prepare LSN"),
                r.readLsn("end LSN"), r.readLong("prepare time"), r.readInt("xid"), r.readString("gid"));
        r.expectEnd();
        return m;
    }
}
