package io.doriscdc.pgoutput;

import io.doriscdc.api.Lsn;
import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'C' Commit.
 *
 * @param flags currently always 0
 * @param commitLsn the LSN of the commit record
 * @param endLsn the end LSN of the transaction (where a client resumes after it)
 * @param commitTime commit time, microseconds since 2000-01-01 UTC
 */
public record CommitMessage(int flags, Lsn commitLsn, Lsn endLsn, long commitTime) implements PgOutputMessage {
    @Override
    public char type() {
        return 'C';
    }

    public java.time.Instant commitInstant() {
        return PgOutputMessage.toInstant(commitTime);
    }

    static CommitMessage decode(MessageReader r, boolean inStream) {
        CommitMessage m = new CommitMessage(r.readByte("flags"), r.readLsn("commit LSN"), r.readLsn("end LSN"), r.readLong("commit time"));
        r.expectEnd();
        return m;
    }
}
