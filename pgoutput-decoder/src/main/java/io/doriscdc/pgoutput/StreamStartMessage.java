package io.doriscdc.pgoutput;

import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'S' Stream Start (protocol 2+): the following messages, up to Stream Stop, belong to the
 * in-progress transaction {@code xid} and each carries its (sub)transaction xid.
 *
 * @param xid the top-level transaction's xid
 * @param firstSegment true on the first chunk of this transaction
 */
public record StreamStartMessage(int xid, boolean firstSegment) implements PgOutputMessage {
    @Override
    public char type() {
        return 'S';
    }

    static StreamStartMessage decode(MessageReader r, boolean inStream) {
        StreamStartMessage m = new StreamStartMessage(r.readInt("xid"), r.readByte("first segment flag") == 1);
        r.expectEnd();
        return m;
    }
}
