package io.doriscdc.pgoutput;

import io.doriscdc.api.Lsn;
import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'B' Begin: the start of a committed transaction.
 *
 * @param finalLsn the LSN of the transaction's commit record
 * @param commitTime commit time, microseconds since 2000-01-01 UTC
 * @param xid the transaction id
 */
public record BeginMessage(Lsn finalLsn, long commitTime, int xid) implements PgOutputMessage {
    @Override
    public char type() {
        return 'B';
    }

    /** {@link #commitTime()} as an instant. */
    public java.time.Instant commitInstant() {
        return PgOutputMessage.toInstant(commitTime);
    }

    static BeginMessage decode(MessageReader r, boolean inStream) {
        BeginMessage m = new BeginMessage(r.readLsn("final LSN"), r.readLong("commit time"), r.readInt("xid"));
        r.expectEnd();
        return m;
    }
}
