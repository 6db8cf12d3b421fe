package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.ObjectRow;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import io.doriscdc.runtime.PipelineConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the unchanged TOAST values of an update from PostgreSQL, where a partial update would lose
 * them: after a key change (pgoutput sends neither the value, which did not change, nor the old row
 * under REPLICA IDENTITY DEFAULT, and in Doris the new key has no row to keep the value from), and
 * while the table's copy is not finished (the key may not be in Doris yet). The row is read back by
 * its key: it may be newer than this change, but any later change to it reaches Doris after this
 * one with a higher version, so the table converges. When the row is gone already, the change stays
 * partial and the later delete removes it.
 *
 * <p>Values are read as PostgreSQL's text and decoded by the pgoutput decoder's own text path, so
 * every type gets exactly the value the stream would have given. Worker thread only; one
 * connection, opened on first use.
 */
final class ToastReselect implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ToastReselect.class);

    private final PipelineConfig config;
    private final TextRows text = new TextRows();
    private Connection connection;

    ToastReselect(PipelineConfig config) {
        this.config = config;
    }

    /** The row with its unchanged TOAST columns read from PostgreSQL, or the row as it is when it is gone. */
    Row fill(Row row) {
        TableSchema schema = row.schema();
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < schema.columnCount(); i++) {
            select.append(i > 0 ? ", " : "").append(Identifiers.quotePg(schema.column(i).name())).append("::text");
        }
        StringBuilder where = new StringBuilder();
        int keys = 0;
        for (int k : schema.keyIndexes()) {
            if (row.state(k) != ValueState.PRESENT) {
                return row;
            }
            where.append(keys++ > 0 ? " AND " : "").append(Identifiers.quotePg(schema.column(k).name())).append("::text = ?");
        }
        select.append(" FROM ").append(schema.id().toSql()).append(" WHERE ").append(where);
        try {
            if (connection == null || connection.isClosed()) {
                connection = PipelineRunner.connect(config, false);
                try (var st = connection.createStatement()) {
                    // key values are matched as text: the same text forms as the decoder's (UTC
                    // timestamptz, shortest exact floats)
                    st.execute("SET TimeZone = 'UTC'");
                    st.execute("SET extra_float_digits = 1");
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(select.toString())) {
                int p = 1;
                for (int k : schema.keyIndexes()) {
                    ps.setString(p++, row.getString(k));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return row; // deleted since: the delete follows in the stream
                    }
                    Row current = decode(schema, rs);
                    Object[] values = new Object[schema.columnCount()];
                    for (int i = 0; i < values.length; i++) {
                        Row from = row.state(i) == ValueState.UNCHANGED_TOAST ? current : row;
                        values[i] = from.state(i) == ValueState.PRESENT ? from.getObject(i) : null;
                    }
                    return ObjectRow.of(schema, values);
                }
            }
        } catch (SQLException e) {
            throw new CdcException("cannot read the unchanged TOAST values of " + schema.id() + " back from PostgreSQL: "
                    + e.getMessage() + "; check that the pipeline user may SELECT it", e);
        }
    }

    /** The result row as the decoder reads a text-format Insert message of the table: typed like the stream's rows. */
    private Row decode(TableSchema schema, ResultSet rs) throws SQLException {
        String[] texts = new String[schema.columnCount()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = rs.getString(i + 1);
        }
        return text.decode(schema, texts);
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the TOAST re-select connection: {}", e.getMessage());
            }
        }
    }
}
