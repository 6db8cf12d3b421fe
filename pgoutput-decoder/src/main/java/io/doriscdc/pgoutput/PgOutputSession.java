package io.doriscdc.pgoutput;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import java.nio.ByteBuffer;

/**
 * Decodes the messages of one replication stream in order, tracking whether they are inside a
 * streamed block (Stream Start ... Stream Stop), where the server adds the xid to each message.
 *
 * <p><b>Threads.</b> Not thread-safe: one session per replication stream, fed from one thread.
 * Buffer ownership is as for {@link PgOutputDecoder}.
 */
public final class PgOutputSession {
    private final PgOutputDecoder decoder;
    private boolean inStreamBlock;

    public PgOutputSession() {
        this(new PgOutputDecoder());
    }

    public PgOutputSession(PgOutputDecoder decoder) {
        this.decoder = decoder;
    }

    /** True between a Stream Start and its Stream Stop. */
    public boolean inStreamBlock() {
        return inStreamBlock;
    }

    /**
     * Decodes the next message of the stream.
     *
     * @throws DecodeException if the message is malformed or a Stream Start/Stop comes out of order
     */
    public PgOutputMessage next(ByteBuffer message, Lsn lsn) {
        PgOutputMessage m = decoder.decode(message, lsn, inStreamBlock);
        if (m instanceof StreamStartMessage) {
            if (inStreamBlock) {
                throw new DecodeException("Stream Start inside a streamed block that was not stopped", lsn, 0, 'S');
            }
            inStreamBlock = true;
        } else if (m instanceof StreamStopMessage) {
            if (!inStreamBlock) {
                throw new DecodeException("Stream Stop outside a streamed block", lsn, 0, 'E');
            }
            inStreamBlock = false;
        }
        return m;
    }

    /** Forgets the block state, e.g. after reconnecting. */
    public void reset() {
        inStreamBlock = false;
    }
}
