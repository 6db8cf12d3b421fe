package io.doriscdc.pgoutput;

import io.doriscdc.api.Lsn;
import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'P' Prepare (protocol 3+): the transaction begun by Begin Prepare was prepared.
 *
 * @param flags currently 0
 * @param prepareLsn the LSN of the PREPARE record
 * @param endLsn the end LSN of the prepared transaction
 * @param prepareTime microseconds since 2000-01-01 UTC
 * @param xid the transaction's xid
 * @param gid the global transaction id
 */
public record PrepareMessage(int flags, Lsn prepareLsn, Lsn endLsn, long prepareTime, int xid, String gid)
        implements PgOutputMessage {
    @Override
    public char type() {
        return 'P';
    }

    static PrepareMessage decode(MessageReader r, boolean inStream) {
        PrepareMessage m = new PrepareMessage(r.readByte("flags"), r.readLsn("prepare LSN"), r.readLsn("end LSN"),
                r.readLong("prepare time"), r.readInt("xid"), r.readString("gid"));
        r.expectEnd();
        return m;
    }
}
