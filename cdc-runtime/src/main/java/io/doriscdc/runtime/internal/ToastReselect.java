package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.schema.Column;
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
 * Fills the unchanged TOAST values of an update that moved a row to a new key. pgoutput sends
 * neither the value (it did not change) nor the old row (only the old key, under REPLICA IDENTITY
 * DEFAULT), and in Doris the new key has no row to keep the value from, so a partial update would
 * leave it NULL. The value is read back from PostgreSQL by the new key: it may be newer than this
 * change, but any later change to it reaches Doris after this one with a higher version, so the
 * table converges. When the row is gone already, the change stays partial and the later delete
 * removes it. Worker thread only; one connection, opened on first use.
 */
final class ToastReselect implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ToastReselect.class);

    private final PipelineConfig config;
    private Connection connection;

    ToastReselect(PipelineConfig config) {
        this.config = config;
    }

    /** The row with its unchanged TOAST columns read from PostgreSQL, or the row as it is when they cannot be read. */
    Row fill(Row row) {
        TableSchema schema = row.schema();
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder where = new StringBuilder();
        int selected = 0;
        for (int i = 0; i < schema.columnCount(); i++) {
            Column c = schema.column(i);
            if (row.state(i) == ValueState.UNCHANGED_TOAST) {
                select.append(selected++ > 0 ? ", " : "").append(Identifiers.quotePg(c.name())).append("::text");
            }
        }
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
                    Object[] values = new Object[schema.columnCount()];
                    int col = 1;
                    for (int i = 0; i < values.length; i++) {
                        ValueState s = row.state(i);
                        if (s == ValueState.UNCHANGED_TOAST) {
                            values[i] = textual(schema.column(i)) ? rs.getString(col++) : unsupported(row, i);
                        } else {
                            values[i] = s == ValueState.NULL ? null : row.getObject(i);
                        }
                    }
                    return ObjectRow.of(schema, values);
                }
            }
        } catch (SQLException e) {
            throw new CdcException("cannot read the unchanged TOAST values of " + schema.id() + " back from PostgreSQL after a key change: "
                    + e.getMessage(), e);
        }
    }

    private static boolean textual(Column c) {
        return c.type().logical().isTextual() || c.type().logical() == io.doriscdc.api.schema.LogicalType.OTHER;
    }

    private static Object unsupported(Row row, int column) {
        LOG.warn("column {} of {} ({}) was unchanged TOAST in a key change; its value stays as Doris has it for the new key",
                row.schema().column(column).name(), row.schema().id(), row.schema().column(column).type().name());
        return ObjectRow.UNCHANGED;
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
