package io.doriscdc.pgoutput;

import io.doriscdc.pgoutput.internal.MessageReader;

/** 'E' Stream Stop (protocol 2+): the end of a chunk of a streamed transaction. It has no fields. */
public record StreamStopMessage() implements PgOutputMessage {
    static final StreamStopMessage INSTANCE = new StreamStopMessage();

    @Override
    public char type() {
        return 'E';
    }

    static StreamStopMessage decode(MessageReader r, boolean inStream) {
        r.expectEnd();
        return INSTANCE;
    }
}
