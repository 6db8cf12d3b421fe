package io.doriscdc.api.schema;

/** {@code pg_class.relreplident}: which old values the server sends with UPDATE and DELETE. */
public enum ReplicaIdentity {
    /** 'd': the primary key. */
    DEFAULT('d'),
    /** 'n': nothing; UPDATE and DELETE fail on a published table. */
    NOTHING('n'),
    /** 'f': all columns. */
    FULL('f'),
    /** 'i': a chosen unique index. */
    INDEX('i');

    private final char code;

    ReplicaIdentity(char code) {
        this.code = code;
    }

    /** The catalog letter. */
    public char code() {
        return code;
    }

    /** The identity for a catalog letter. */
    public static ReplicaIdentity fromCode(int code) {
        for (ReplicaIdentity r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown replica identity '" + (char) code + "' (expected d, n, f or i)");
    }
}
