package io.doriscdc.pgoutput;

import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'Y' Type: names a non-built-in type used by a following Relation. For a domain, the server sends
 * the domain's OID with the name of its base type. Feed it to {@link RelationCache#apply(TypeMessage)}.
 *
 * @param xid the streamed transaction's xid, or {@link PgOutputMessage#NO_XID}
 * @param typeOid the type's OID
 * @param namespace the schema name ({@code ""} stands for {@code pg_catalog})
 * @param name the type name
 */
public record TypeMessage(int xid, int typeOid, String namespace, String name) implements PgOutputMessage {
    @Override
    public char type() {
        return 'Y';
    }

    static TypeMessage decode(MessageReader r, boolean inStream) {
        int xid = inStream ? r.readInt("xid") : NO_XID;
        TypeMessage m = new TypeMessage(xid, r.readInt("type OID"), r.readString("namespace"), r.readString("type name"));
        r.expectEnd();
        return m;
    }
}
