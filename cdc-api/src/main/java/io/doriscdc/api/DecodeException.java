package io.doriscdc.api;

/**
 * Bytes from the server could not be decoded. Carries where it happened: the LSN of the message
 * (when known), the byte offset inside the message and the message type byte.
 */
public class DecodeException extends CdcException {
    private static final long serialVersionUID = 1L;

    /** Sentinel for {@link #messageType()} when the type byte was not read yet. */
    public static final int UNKNOWN_TYPE = -1;

    private final transient Lsn lsn;
    private final int offset;
    private final int messageType;

    /**
     * @param reason what is wrong, e.g. "length 2147483647 runs past the end of the message (12 bytes left)"
     * @param lsn the message's LSN, or {@link Lsn#INVALID} when not known
     * @param offset byte offset within the message where the problem was found
     * @param messageType the message type byte, or {@link #UNKNOWN_TYPE}
     */
    public DecodeException(String reason, Lsn lsn, int offset, int messageType) {
        this(reason, lsn, offset, messageType, null);
    }

    public DecodeException(String reason, Lsn lsn, int offset, int messageType, Throwable cause) {
        super(format(reason, lsn, offset, messageType), cause);
        this.lsn = lsn == null ? Lsn.INVALID : lsn;
        this.offset = offset;
        this.messageType = messageType;
    }

    private static String format(String reason, Lsn lsn, int offset, int messageType) {
        StringBuilder sb = new StringBuilder("cannot decode pgoutput message");
        if (messageType != UNKNOWN_TYPE) {
            sb.append(" type ");
            if (messageType >= 0x20 && messageType < 0x7f) {
                sb.append('\'').append((char) messageType).append('\'');
            } else {
                sb.append("0x").append(Integer.toHexString(messageType & 0xff));
            }
        }
        if (lsn != null && lsn.isValid()) {
            sb.append(" at LSN ").append(lsn);
        }
        sb.append(", byte offset ").append(offset).append(": ").append(reason);
        return sb.toString();
    }

    /** The LSN of the message, or {@link Lsn#INVALID} when it was not known to the decoder. */
    public Lsn lsn() {
        return lsn;
    }

    /** The byte offset within the message at which decoding failed. */
    public int offset() {
        return offset;
    }

    /** The message type byte, or {@link #UNKNOWN_TYPE}. */
    public int messageType() {
        return messageType;
    }
}
