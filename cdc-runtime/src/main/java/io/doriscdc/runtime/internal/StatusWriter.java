package io.doriscdc.runtime.internal;

import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TableStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps {@code doris_cdc.table_status} (behind the view {@code doris_cdc.status}) current. Runs on a scheduler thread. */
final class StatusWriter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

    private final PipelineConfig config;
    private final Supplier<List<TableStatus>> status;
    private final Supplier<java.util.Map<io.doriscdc.api.TableId, Long>> unmapped;
    private final Supplier<java.util.Map<io.doriscdc.api.TableId, String>> refused;
    private Connection connection;

    StatusWriter(PipelineConfig config, Supplier<List<TableStatus>> status, Tables tables) {
        this.config = config;
        this.status = status;
        this.unmapped = tables::unmapped;
        this.refused = tables::refusedCommands;
    }

    @Override
    public void run() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = PipelineRunner.connect(config, false);
            }
            write(status.get());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot update doris_cdc.status: {}", e.getMessage());
            close();
        }
    }

    private void write(List<TableStatus> rows) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM doris_cdc.table_status WHERE pipeline = ?");
             PreparedStatement ins = connection.prepareStatement("INSERT INTO doris_cdc.table_status (pipeline, table_schema, table_name, "
                     + "doris_table, state, lag_bytes, time_lag, rows_delivered, snapshot_rows, snapshot_rows_estimated, last_error, updated_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, make_interval(secs => ?), ?, ?, ?, ?, ?)")) {
            del.setString(1, config.slotName());
            del.executeUpdate();
            for (TableStatus s : rows) {
                ins.setString(1, config.slotName());
                ins.setString(2, s.route().source().schema());
                ins.setString(3, s.route().source().name());
                ins.setString(4, s.route().target().toString());
                ins.setString(5, s.state().name());
                ins.setLong(6, s.lagBytes());
                ins.setDouble(7, s.timeLag().toNanos() / 1e9);
                ins.setLong(8, s.rowsDelivered());
                if (s.snapshot() == null) {
                    ins.setNull(9, java.sql.Types.BIGINT);
                    ins.setNull(10, java.sql.Types.BIGINT);
                } else {
                    ins.setLong(9, s.snapshot().rowsDone());
                    ins.setLong(10, s.snapshot().rowsEstimated());
                }
                ins.setString(11, s.lastError());
                ins.setTimestamp(12, Timestamp.from(s.updatedAt()));
                ins.addBatch();
            }
            // published but unmapped tables (invariant 8) and refused commands of unmapped tables (invariant 9)
            java.util.Map<io.doriscdc.api.TableId, String[]> extra = new java.util.TreeMap<>();
            unmapped.get().forEach((t, n) -> extra.put(t, new String[] {"UNMAPPED", n + " change(s) published by " + config.publicationName()
                    + " but not mapped, so not loaded; map the table with doris_cdc.add_table or remove it from the publication"}));
            refused.get().forEach((t, error) -> extra.put(t, new String[] {"REFUSED", error}));
            for (var e : extra.entrySet()) {
                ins.setString(1, config.slotName());
                ins.setString(2, e.getKey().schema());
                ins.setString(3, e.getKey().name());
                ins.setString(4, "");
                ins.setString(5, e.getValue()[0]);
                ins.setLong(6, 0);
                ins.setDouble(7, 0);
                ins.setLong(8, 0);
                ins.setNull(9, java.sql.Types.BIGINT);
                ins.setNull(10, java.sql.Types.BIGINT);
                ins.setString(11, e.getValue()[1]);
                ins.setTimestamp(12, Timestamp.from(java.time.Instant.now()));
                ins.addBatch();
            }
            ins.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the status connection: {}", e.getMessage());
            }
            connection = null;
        }
    }
}
