package io.doriscdc.pgoutput;

import io.doriscdc.api.Lsn;
import io.doriscdc.pgoutput.internal.MessageReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * 'M' Message: the output of {@code pg_logical_emit_message()} (sent with {@code messages=true}).
 *
 * @param xid the streamed transaction's xid, or {@link PgOutputMessage#NO_XID}
 * @param flags 1 when transactional
 * @param messageLsn the LSN of the logical decoding message
 * @param prefix the prefix given to {@code pg_logical_emit_message}
 * @param content the content bytes (a copy is returned by the accessor)
 */
public record LogicalMessage(int xid, int flags, Lsn messageLsn, String prefix, byte[] content) implements PgOutputMessage {
    public LogicalMessage {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content as UTF-8 text. */
    public String contentAsString() {
        return new String(content, StandardCharsets.UTF_8);
    }

    public boolean transactional() {
        return (flags & 1) != 0;
    }

    @Override
    public char type() {
        return 'M';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogicalMessage m && m.xid == xid && m.flags == flags && m.messageLsn.equals(messageLsn)
                && m.prefix.equals(prefix) && Arrays.equals(m.content, content);
    }

    @Override
    public int hashCode() {
        return ((31 * xid + flags) * 31 + prefix.hashCode()) * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "LogicalMessage[xid=" + xid + ", flags=" + flags + ", lsn=" + messageLsn + ", prefix=" + prefix
                + ", content=" + content.length + " bytes]";
    }

    static LogicalMessage decode(MessageReader r, boolean inStream) {
        int xid = inStream ? r.readInt("xid") : NO_XID;
        int flags = r.readByte("flags");
        Lsn lsn = r.readLsn("message LSN");
        String prefix = r.readString("prefix");
        int len = r.readInt("content length");
        byte[] content = r.readBytes(len, "content");
        r.expectEnd();
        return new LogicalMessage(xid, flags, lsn, prefix, content);
    }
}
