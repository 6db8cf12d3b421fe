package io.doriscdc.pgoutput.internal;

/**
 * Thrown by the value codecs for a malformed or unrenderable value; {@link TupleRow} turns it into a
 * {@link io.doriscdc.api.DecodeException} naming the column, LSN and offset. No stack trace.
 */
public final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadValue(String reason) {
        super(reason, null, false, false);
    }

    static BadValue text(byte[] a, int off, int len, String what) {
        return new BadValue("invalid " + what + " text '" + Utf8.preview(a, off, len) + "'");
    }
}
