package io.doriscdc.pgoutput;

/**
 * One pgoutput message: the payload of one XLogData frame. Each message kind is a record of this
 * sealed interface; dispatch with {@code instanceof} patterns (or a pattern {@code switch} on Java
 * 21+). Messages are immutable apart from the tuple bytes they view (see {@link TupleData}); they
 * are safe to hand to another thread once decoded, as long as the buffer they were decoded from is
 * not reused.
 */
public sealed interface PgOutputMessage
        permits BeginMessage, CommitMessage, OriginMessage, RelationMessage, TypeMessage, InsertMessage,
                UpdateMessage, DeleteMessage, TruncateMessage, LogicalMessage, StreamStartMessage,
                StreamStopMessage, StreamCommitMessage, StreamAbortMessage, BeginPrepareMessage,
                PrepareMessage, CommitPreparedMessage, RollbackPreparedMessage, StreamPrepareMessage {

    /** The message type byte, e.g. {@code 'B'} for Begin. */
    char type();

    /** InvalidTransactionId: the value of {@code xid()} for messages sent outside a streamed block. */
    int NO_XID = 0;

    /** Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01 (UTC). */
    long PG_EPOCH_OFFSET_MICROS = 946_684_800_000_000L;

    /** A PostgreSQL timestamp (microseconds since 2000-01-01 UTC) as an {@link java.time.Instant}. */
    static java.time.Instant toInstant(long pgMicros) {
        long unix = pgMicros + PG_EPOCH_OFFSET_MICROS;
        return java.time.Instant.ofEpochSecond(Math.floorDiv(unix, 1_000_000L), Math.floorMod(unix, 1_000_000L) * 1000L);
    }
}
