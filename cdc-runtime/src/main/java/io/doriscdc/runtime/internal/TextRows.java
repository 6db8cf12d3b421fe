package io.doriscdc.runtime.internal;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.Row;
import io.doriscdc.pgoutput.InsertMessage;
import io.doriscdc.pgoutput.PgOutputDecoder;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Rows built from PostgreSQL's text form of each column, decoded by the pgoutput decoder's own text
 * path (as a text-format Insert message of the table), so that every type gets exactly the value
 * the stream would have given. Used where values are read back with SQL rather than streamed.
 */
final class TextRows {

    private final PgOutputDecoder decoder = new PgOutputDecoder();

    /** A row of {@code schema} from one text value per column, null for SQL NULL. */
    Row decode(TableSchema schema, String[] texts) {
        if (texts.length != schema.columnCount()) {
            throw new IllegalArgumentException(schema.id() + " has " + schema.columnCount() + " columns, not " + texts.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        DataOutputStream message = new DataOutputStream(out);
        try {
            message.writeByte('I');
            message.writeInt(schema.relationOid());
            message.writeByte('N');
            message.writeShort(schema.columnCount());
            for (String text : texts) {
                if (text == null) {
                    message.writeByte('n');
                } else {
                    byte[] b = text.getBytes(StandardCharsets.UTF_8);
                    message.writeByte('t');
                    message.writeInt(b.length);
                    message.write(b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        byte[] bytes = out.toByteArray();
        InsertMessage insert = (InsertMessage) decoder.decode(bytes, 0, bytes.length, Lsn.INVALID, false);
        return insert.newTuple().row(schema);
    }
}
