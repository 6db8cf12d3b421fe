package io.doriscdc.runtime.internal;

import io.doriscdc.api.TableId;
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
 * Follows the SQL control plane: the {@code doris_cdc} messages that {@code doris_cdc.add_table},
 * {@code remove_table} and {@code sync_table} emit, applied on the worker thread at their position
 * in the stream, so that a mapping changes exactly where the calling transaction committed.
 */
final class SqlControl implements ControlMessages {

    private static final Logger LOG = LoggerFactory.getLogger(SqlControl.class);

    private final PipelineConfig config;
    private final Tables tables;
    private final SnapshotCoordinator snapshots;

    SqlControl(PipelineConfig config, Tables tables, SnapshotCoordinator snapshots) {
        this.config = config;
        this.tables = tables;
        this.snapshots = snapshots;
    }

    @Override
    public void accept(LogicalMessage message, long commitLsn, Worker worker) {
        if (!ControlPlane.PREFIX.equals(message.prefix())) {
            return;
        }
        ControlPlane.Command command;
        try {
            command = ControlPlane.decode(message.contentAsString());
        } catch (IllegalArgumentException e) {
            LOG.warn("ignored a malformed doris_cdc message at {}: {}", message.messageLsn(), e.getMessage());
            return;
        }
        if (!command.pipeline().equals(config.slotName())) {
            return; // addressed to another pipeline of this database
        }
        LOG.info("control: {} at {}", command, message.messageLsn());
        if (command instanceof ControlPlane.AddTable add) {
            addTable(new TableRoute(add.table(), add.target()), worker);
        } else if (command instanceof ControlPlane.RemoveTable remove) {
            removeTable(remove.table(), worker);
        } else if (command instanceof ControlPlane.SyncTable sync) {
            if (!tables.contains(sync.table())) {
                LOG.warn("doris_cdc.sync_table({}) ignored: the table is not mapped by pipeline {}", sync.table(), config.slotName());
                return;
            }
            snapshots.copyWithNewSnapshot(List.of(sync.table()), sync.batchSize(), true);
        }
    }

    /** Worker thread: maps the table now, then (in the background) publishes it and copies it consistently. */
    void addTable(TableRoute route, Worker worker) {
        if (tables.contains(route.source())) {
            return;
        }
        List<String> keys;
        try (Connection c = PipelineRunner.connect(config, false)) {
            keys = new PgSetup(c).keyColumns(route.source());
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot map {}: {}", route, e.getMessage());
            return;
        }
        tables.add(route, keys, worker);
        snapshots.copyPending(List.of(route.source()));
        snapshots.publish(route.source());
        snapshots.copyWithNewSnapshot(List.of(route.source()), config.snapshotBatchRows(), true);
    }

    /** Worker thread: stops mapping the table after delivering what was read of it. */
    void removeTable(TableId table, Worker worker) {
        if (!tables.contains(table)) {
            return;
        }
        tables.remove(table, worker);
        snapshots.submit(() -> {
            try (Connection c = PipelineRunner.connect(config, false)) {
                new PgSetup(c).dropFromPublication(config.publicationName(), table);
                new io.doriscdc.runtime.internal.snapshot.SnapshotStore(c, config.slotName()).forget(table);
                ControlPlane.forget(c, config.slotName(), table); // already gone when the function removed it; not when the API did
            }
        });
    }
}
