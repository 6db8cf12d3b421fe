package io.doriscdc.pgoutput;

import io.doriscdc.api.Lsn;
import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'b' Begin Prepare (protocol 3+, two-phase): the start of a prepared transaction.
 *
 * @param prepareLsn the LSN of the PREPARE record
 * @param endLsn the end LSN of the prepared transaction
 * @param prepareTime microseconds since 2000-01-01 UTC
 * @param xid the transaction's xid
 * @param gid the global transaction id given to PREPARE TRANSACTION
 */
public record BeginPrepareMessage(Lsn prepareLsn, Lsn endLsn, long prepareTime, int xid, String gid)
        implements PgOutputMessage {
    @Override
    public char type() {
        return 'b';
    }

    static BeginPrepareMessage decode(MessageReader r, boolean inStream) {
        BeginPrepareMessage m = new BeginPrepareMessage(r.readLsn("prepare LSN"), r.readLsn("end LSN"),
                r.readLong("prepare time"), r.readInt("xid"), r.readString("gid"));
        r.expectEnd();
        return m;
    }
}
