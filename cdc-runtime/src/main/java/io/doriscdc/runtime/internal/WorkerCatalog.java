package io.doriscdc.runtime.internal;

import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.internal.snapshot.CatalogSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the worker asks PostgreSQL's catalog while it routes the stream: a mapped table's columns
 * (when the stream has not described the table), the mapped root of a leaf partition published
 * under its own name, and how many leaves a partitioned table has. Each question opens a short
 * connection: they are rare (once per relation, or per TRUNCATE). Worker thread only.
 */
final class WorkerCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCatalog.class);

    private final PipelineConfig config;
    private final Tables tables;
    /** Leaf partition → its mapped root (or none), as the catalog said when the leaf was first seen. */
    private final Map<TableId, Optional<TableId>> roots = new HashMap<>();

    WorkerCatalog(PipelineConfig config, Tables tables) {
        this.config = config;
        this.tables = tables;
    }

    /** The table's columns as the catalog has them now, typed as the stream types them; null when the catalog cannot say. */
    TableSchema schema(TableRuntime table) {
        try (Connection c = PipelineRunner.connect(config, false)) {
            return CatalogSchema.load(c, table.route.source(), table.keyColumns);
        } catch (SQLException e) {
            LOG.warn("cannot read the columns of {} from the catalog: {}", table.route.source(), e.getMessage());
            return null;
        }
    }

    /**
     * The mapped partitioned table a relation is a leaf of, or null: a publication that does not
     * publish via the root (not the pipeline's to change) names the leaves, whose changes are the
     * root's (docs/operations.md, partitioned tables).
     */
    TableId partitionRoot(TableId relation) {
        return roots.computeIfAbsent(relation, r -> {
            try (Connection c = PipelineRunner.connect(config, false);
                 PreparedStatement ps = c.prepareStatement("SELECT n.nspname, p.relname FROM pg_class p "
                         + "JOIN pg_namespace n ON n.oid = p.relnamespace WHERE p.oid = pg_partition_root(?::regclass)")) {
                ps.setString(1, r.toSql());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        TableId root = TableId.of(rs.getString(1), rs.getString(2));
                        if (!root.equals(r) && tables.contains(root)) {
                            LOG.info("changes of partition {} are published under its own name: they go to {}", r, root);
                            return Optional.of(root);
                        }
                    }
                }
            } catch (SQLException e) {
                LOG.warn("cannot tell whether {} is a partition of a mapped table: {}", r, e.getMessage());
            }
            return Optional.empty();
        }).orElse(null);
    }

    /** Forgets the leaf → root answers (after a mapping changed). */
    void forgetRoots() {
        roots.clear();
    }

    /** How many leaf partitions a table has now (-1 when the catalog cannot say). */
    int leafCount(TableId table) {
        try (Connection c = PipelineRunner.connect(config, false);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_partition_tree(?::regclass) t WHERE t.isleaf AND t.level > 0")) {
            ps.setString(1, table.toSql());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }
}
