package io.doriscdc.runtime.internal;

import io.doriscdc.api.TableId;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.value.Row;
import io.doriscdc.pgoutput.LogicalMessage;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.runtime.internal.control.ControlPlane;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the SQL control plane (ARCHITECTURE.md invariant 9): the rows {@code doris_cdc.add_table},
 * {@code remove_table} and {@code sync_table} insert into {@code doris_cdc.commands}, applied on the
 * worker thread at their position in the stream, so that a mapping changes exactly where the calling
 * transaction committed. Every command is checked with the functions' own rules; a bad one is
 * refused, logged, counted and shown in {@code doris_cdc.status}, and never stops the worker.
 * {@code doris_cdc} logical decoding messages (the old path, open to any user) are ignored,
 * logged once and counted.
 */
final class SqlControl implements ControlMessages {

    private static final Logger LOG = LoggerFactory.getLogger(SqlControl.class);

    private final PipelineConfig config;
    private final Tables tables;
    private final SnapshotCoordinator snapshots;
    private boolean messageLogged;

    SqlControl(PipelineConfig config, Tables tables, SnapshotCoordinator snapshots) {
        this.config = config;
        this.tables = tables;
        this.snapshots = snapshots;
    }

    @Override
    public void accept(LogicalMessage message, Worker worker) {
        if (!ControlPlane.PREFIX.equals(message.prefix())) {
            return;
        }
        if (!messageLogged) {
            messageLogged = true;
            LOG.warn("ignored a '{}' logical decoding message at {}: commands reach the pipeline only through the doris_cdc"
                    + " functions (role doris_cdc_admin); later ones are counted, not logged", ControlPlane.PREFIX, message.messageLsn());
        }
        refused("a logical decoding message", "not issued through the doris_cdc functions");
    }

    @Override
    public void command(Row row, StreamPosition position, Worker worker) {
        ControlPlane.Command command;
        java.util.Map<String, String> values = values(row);
        try {
            command = ControlPlane.fromRow(values);
        } catch (RuntimeException e) {
            LOG.warn("refused the doris_cdc command at {}: {}", position, e.getMessage());
            refused("the command at " + position, e.getMessage());
            return;
        }
        if (!command.pipeline().equals(config.slotName())) {
            return; // addressed to another pipeline of this database
        }
        LOG.info("control: {} at {}", command, position);
        boolean complete = true;
        try {
            complete = apply(command, worker);
        } catch (RuntimeException e) {
            if (ConnectionLoss.isCause(e) || io.doriscdc.runtime.internal.ha.LeaseLost.isCause(e) || worker.delivery().pipelineFailure() != null) {
                // PostgreSQL went away, the lease was lost, or the pipeline fails: it starts again and reads the command again
                throw e;
            }
            LOG.error("the doris_cdc command {} at {} failed: {}", command, position, e.getMessage(), e);
            tables.refused(command.table(), "command " + command + " at " + position + " failed: " + e.getMessage());
            config.listener().controlCommandRefused(command.toString(), e.getMessage());
        }
        if (complete) {
            applied(values.get("id"), command);
        } // else a restart maps the table again up to the command, and delivers what it could not deliver now
    }

    /**
     * Records, before the command's transaction can be acknowledged, that the command was applied
     * (or refused) at its position, so that a start no longer rolls the mappings back over it
     * ({@link io.doriscdc.runtime.internal.control.CommandLog}).
     */
    private void applied(String id, ControlPlane.Command command) {
        if (id == null || command instanceof ControlPlane.SyncTable) {
            return;
        }
        try (Connection c = PipelineRunner.connect(config, false)) {
            io.doriscdc.runtime.internal.control.CommandLog.applied(c, config.slotName(), Long.parseLong(id));
        } catch (SQLException e) {
            throw new io.doriscdc.api.CdcException("the doris_cdc command " + command + " (doris_cdc.commands id " + id + ") was applied"
                    + " but cannot be recorded in doris_cdc.applied_commands: " + e.getMessage() + "; the pipeline stops before"
                    + " acknowledging it. Fix the cause (the pipeline user needs INSERT on it) and restart: the command is applied again", e);
        }
    }

    /** Applies a command; false when a removed table's changes before the command could not all be delivered (it had FAILED). */
    private boolean apply(ControlPlane.Command command, Worker worker) {
        if (command instanceof ControlPlane.AddTable add) {
            addTable(new TableRoute(add.table(), add.target()), worker);
        } else if (command instanceof ControlPlane.RemoveTable remove) {
            return removeTable(remove.table(), worker);
        } else if (command instanceof ControlPlane.SyncTable sync) {
            if (!tables.contains(sync.table())) {
                LOG.warn("doris_cdc.sync_table({}) ignored: the table is not mapped by pipeline {}", sync.table(), config.slotName());
                return true;
            }
            snapshots.resync(List.of(sync.table()), sync.batchSize()); // planned before the command can be acknowledged
        }
        return true;
    }

    private void refused(String what, String why) {
        config.listener().controlCommandRefused(what, why);
    }

    private static java.util.Map<String, String> values(Row row) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i < row.columnCount(); i++) {
            if (row.state(i) == io.doriscdc.api.value.ValueState.PRESENT) {
                out.put(row.schema().column(i).name(), row.getString(i));
            }
        }
        return out;
    }

    /** Worker thread: maps the table now, then (in the background) publishes it and copies it consistently. */
    void addTable(TableRoute route, Worker worker) {
        if (tables.contains(route.source())) {
            return;
        }
        List<String> keys;
        try (Connection c = PipelineRunner.connect(config, false)) {
            keys = new PgSetup(c).keyColumns(route.source());
            new SourceChecks(c).requireLogged(List.of(route.source()));
            if (config.createTables()) {
                PipelineRunner.createTables(c, worker.delivery().transport(), List.of(route));
            }
        } catch (SQLException e) {
            throw new io.doriscdc.api.CdcException("cannot map " + route + ": " + e.getMessage(), e);
        }
        tables.add(route, keys, worker);
        snapshots.copyPending(List.of(route.source()));
        snapshots.publish(route.source());
        snapshots.copyWithNewSnapshot(List.of(route.source()), config.snapshotBatchRows(), true);
    }

    /** Worker thread: stops mapping the table after delivering what was read of it; false when the table had FAILED before all was. */
    boolean removeTable(TableId table, Worker worker) {
        TableRuntime runtime = tables.runtimeOf(table);
        boolean mapped = runtime != null;
        if (mapped) {
            tables.remove(table, worker);
        }
        // also when replayed after the mapping went (a crash before the publication changed): idempotent
        snapshots.submit(() -> {
            try (Connection c = PipelineRunner.connect(config, false)) {
                if (ControlPlane.mappings(c, config.slotName()).stream().noneMatch(r -> r.source().equals(table))) { // not mapped again since
                    new PgSetup(c).dropFromPublication(config.publicationName(), table);
                }
                if (mapped) {
                    new io.doriscdc.runtime.internal.snapshot.SnapshotStore(c, config.slotName()).forget(table);
                }
            }
        });
        return runtime == null || !runtime.failed();
    }
}
