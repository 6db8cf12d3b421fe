package io.doriscdc.pgoutput;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import io.doriscdc.pgoutput.internal.MessageReader;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Decodes one pgoutput message (the payload of one XLogData frame, protocol versions 1 to 4) into a
 * {@link PgOutputMessage}. The type byte selects the message decoder through a 256-entry table; an
 * unknown byte, a truncated or malformed message gives a {@link DecodeException} naming the LSN,
 * the byte offset and the message type.
 *
 * <p><b>Threads.</b> Stateless and thread-safe; one instance may serve any number of streams.
 *
 * <p><b>Stream blocks.</b> Inside a streamed block (between Stream Start and Stream Stop) the
 * server prefixes DML, Relation, Type, Truncate and Message with the transaction's xid. Whether a
 * message is inside a block is stream state that this class does not keep: use
 * {@link #decode(ByteBuffer, Lsn, boolean)}, or a {@link PgOutputSession} which tracks it.
 * {@link #decode(ByteBuffer, Lsn)} assumes a message outside a block.
 *
 * <p><b>Buffer ownership.</b> The buffer must be a heap buffer with an accessible array. It is not
 * copied: tuples and rows view its array, so the caller must not reuse or modify the buffer while
 * any message or row decoded from it is alive. The buffer's position and limit are not changed.
 */
public final class PgOutputDecoder {

    @FunctionalInterface
    private interface MessageDecoder {
        PgOutputMessage decode(MessageReader reader, boolean inStream);
    }

    private static final MessageDecoder[] TABLE = new MessageDecoder[256];

    static {
        TABLE['B'] = BeginMessage::decode;
        TABLE['C'] = CommitMessage::decode;
        TABLE['O'] = OriginMessage::decode;
        TABLE['R'] = RelationMessage::decode;
        TABLE['Y'] = TypeMessage::decode;
        TABLE['I'] = InsertMessage::decode;
        TABLE['U'] = UpdateMessage::decode;
        TABLE['D'] = DeleteMessage::decode;
        TABLE['T'] = TruncateMessage::decode;
        TABLE['M'] = LogicalMessage::decode;
        TABLE['S'] = StreamStartMessage::decode;
        TABLE['E'] = StreamStopMessage::decode;
        TABLE['c'] = StreamCommitMessage::decode;
        TABLE['A'] = StreamAbortMessage::decode;
        TABLE['b'] = BeginPrepareMessage::decode;
        TABLE['P'] = PrepareMessage::decode;
        TABLE['K'] = CommitPreparedMessage::decode;
        TABLE['r'] = RollbackPreparedMessage::decode;
        TABLE['p'] = StreamPrepareMessage::decode;
    }

    /** Decodes a message sent outside a streamed block. */
    public PgOutputMessage decode(ByteBuffer message, Lsn lsn) {
        return decode(message, lsn, false);
    }

    /**
     * Decodes a message.
     *
     * @param message one XLogData payload, from its position to its limit (heap, array-backed)
     * @param lsn the XLogData start LSN, used in error messages ({@link Lsn#INVALID} if not known)
     * @param inStreamBlock true between Stream Start and Stream Stop, where messages carry an xid
     * @throws DecodeException if the bytes are not a valid pgoutput message
     */
    public PgOutputMessage decode(ByteBuffer message, Lsn lsn, boolean inStreamBlock) {
        Objects.requireNonNull(message, "message");
        if (!message.hasArray() || message.isReadOnly()) {
            throw new IllegalArgumentException("the message buffer must be a heap buffer with an accessible array");
        }
        return decode(message.array(), message.arrayOffset() + message.position(), message.remaining(), lsn, inStreamBlock);
    }

    /**
     * Decodes a message held in {@code array[offset, offset + length)}; the array is not copied.
     *
     * @throws DecodeException if the bytes are not a valid pgoutput message
     */
    public PgOutputMessage decode(byte[] array, int offset, int length, Lsn lsn, boolean inStreamBlock) {
        Objects.checkFromIndexSize(offset, length, array.length);
        MessageReader reader = new MessageReader(array, offset, length, lsn);
        int type = reader.readByte("message type");
        MessageDecoder decoder = TABLE[type];
        if (decoder == null) {
            throw new DecodeException("unknown message type byte 0x" + Integer.toHexString(type)
                    + (type >= 0x20 && type < 0x7f ? " ('" + (char) type + "')" : "")
                    + "; expected one of B C O R Y I U D T M S E c A b P K r p", reader.lsn(), 0, type);
        }
        reader.messageType(type);
        return decoder.decode(reader, inStreamBlock);
    }
}
