package io.doriscdc.pgoutput;

import io.doriscdc.api.Lsn;
import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'O' Origin: the transaction was replicated from another node.
 *
 * @param originLsn the commit LSN on the origin server
 * @param name the replication origin's name
 */
public record OriginMessage(Lsn originLsn, String name) implements PgOutputMessage {
    @Override
    public char type() {
        return 'O';
    }

    static OriginMessage decode(MessageReader r, boolean inStream) {
        OriginMessage m = new OriginMessage(r.readLsn("origin LSN"), r.readString("origin name"));
        r.expectEnd();
        return m;
    }
}
