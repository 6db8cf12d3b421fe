package io.doriscdc.pgoutput;

import io.doriscdc.api.Lsn;
import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'r' Rollback Prepared (protocol 3+).
 *
 * @param flags currently 0
 * @param prepareEndLsn the end LSN of the prepared transaction
 * @param rollbackEndLsn the end LSN of the ROLLBACK PREPARED record
 * @param prepareTime microseconds since 2000-01-01 UTC
 * @param rollbackTime microseconds since 2000-01-01 UTC
 * @param xid the transaction's xid
 * @param gid the global transaction id
 */
public record RollbackPreparedMessage(int flags, Lsn prepareEndLsn, Lsn rollbackEndLsn, long prepareTime,
        long rollbackTime, int xid, String gid) implements PgOutputMessage {
    @Override
    public char type() {
        return 'r';
    }

    static RollbackPreparedMessage decode(MessageReader r, boolean inStream) {
        RollbackPreparedMessage m = new RollbackPreparedMessage(r.readByte("flags"), r.readLsn("prepare end LSN"),
                r.readLsn("rollback end LSN"), r.readLong("prepare time"), r.readLong("rollback time"),
                r.readInt("xid"), r.readString("gid"));
        r.expectEnd();
        return m;
    }
}
