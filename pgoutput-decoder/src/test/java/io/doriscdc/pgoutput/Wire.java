package io.doriscdc.pgoutput;

import io.doriscdc.api.Lsn;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds pgoutput message bytes for tests, field by field, big-endian like the server. */
final class Wire {
    static final Lsn LSN = Lsn.parse("16/B374D848");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Wire msg(char type) {
        return new Wire().i8(type);
    }

    Wire i8(int v) {
        out.write(v);
        return this;
    }

    Wire i16(int v) {
        return i8(v >> 8).i8(v);
    }

    Wire i32(int v) {
        return i16(v >> 16).i16(v);
    }

    Wire i64(long v) {
        return i32((int) (v >> 32)).i32((int) v);
    }

    Wire str(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return i8(0);
    }

    Wire raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** A tuple column 't' with text. */
    Wire text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return i8('t').i32(b.length).raw(b);
    }

    /** A tuple column 'b' with binary bytes. */
    Wire binary(byte[] b) {
        return i8('b').i32(b.length).raw(b);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    PgOutputMessage decode() {
        return new PgOutputDecoder().decode(ByteBuffer.wrap(bytes()), LSN);
    }

    PgOutputMessage decodeInStream() {
        return new PgOutputDecoder().decode(ByteBuffer.wrap(bytes()), LSN, true);
    }
}
