package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.SchemaChangePolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a mapped table's columns in stream order (docs/operations.md, "Schema changes"): at a
 * changed Relation message, after the worker delivered what it held with the old columns, and at
 * the first Relation of a table in a run, it fits the Doris table through the transport's SQL
 * endpoint ({@link SchemaPlan}) before the batcher takes the new columns, or stops the table with
 * what to do. Worker thread only.
 */
final class SchemaFollower {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaFollower.class);

    private final PipelineConfig config;
    private final Delivery delivery;
    private final AckTracker ack;
    private final SnapshotCoordinator snapshots;

    SchemaFollower(PipelineConfig config, Delivery delivery, AckTracker ack, SnapshotCoordinator snapshots) {
        this.config = config;
        this.delivery = delivery;
        this.ack = ack;
        this.snapshots = snapshots;
    }

    /** The table's columns changed at {@code at}; what it held is delivered already. */
    void changed(TableRuntime table, TableSchema newSchema, StreamPosition at) {
        TableSchema old = table.batcher.schema();
        if (delivery.transport().sql().isEmpty()) { // no way to see or change the Doris table: stop where values would be lost
            List<String> missing = SchemaChange.missingInDoris(old, newSchema, Set.of());
            if (!missing.isEmpty()) {
                delivery.failTable(table, ack, at.commitLsn(), SchemaChange.advice(table.route, old, newSchema, missing, at));
                return;
            }
            table.batcher.rebind(table.withKeys(newSchema));
            return;
        }
        SchemaDiff diff;
        try (Connection c = PipelineRunner.connect(config, false)) {
            diff = SchemaDiff.between(old, newSchema, (from, to) -> SchemaChange.renamedInCatalog(c, table.route.source(), newSchema, to));
        } catch (SQLException e) {
            throw new CdcException("cannot read the catalog of " + table.route.source() + " at stream position " + at + ": "
                    + e.getMessage() + "; the change is delivered again when the pipeline starts again", e);
        }
        if (diff.isEmpty()) {
            table.batcher.rebind(table.withKeys(newSchema));
            return;
        }
        fit(table, newSchema, diff, false, at);
    }

    /**
     * The first Relation of a table in this run: columns changed while the pipeline was stopped, or
     * before the first change it streamed, are compared with the Doris table, so that none is loaded
     * into a table that lacks it (Doris ignores JSON fields it has no column for). Missing columns are
     * added; when Doris also has columns PostgreSQL no longer has (perhaps renamed), the table is
     * copied again, since the renamed values are in PostgreSQL's rows, not in the stream.
     */
    void firstSight(TableRuntime table, TableSchema schema, StreamPosition at) {
        if (delivery.transport().sql().isEmpty()) {
            return;
        }
        Set<String> doris = delivery.dorisColumns(table);
        if (doris.isEmpty()) {
            return; // Doris cannot say: the loads will
        }
        List<Column> missing = schema.columns().stream().filter(c -> !doris.contains(c.name())).toList();
        // Doris columns the stream does not have: dropped or renamed meanwhile, or Doris is ahead of a replay (a crash came
        // after Doris applied a change the slot had not passed): the renamed values are in PostgreSQL's rows, so copy again
        boolean extra = doris.stream().anyMatch(d -> schema.columns().stream().noneMatch(c -> c.name().equals(d)));
        var sql = delivery.transport().sql().orElseThrow();
        try (Connection c = PipelineRunner.connect(config, false)) {
            SchemaPlan plan = SchemaPlan.firstSight(table.route, schema, doris, config.dropColumns(), sql, c);
            if (plan.statements().isEmpty() && !(extra && !missing.isEmpty())) {
                return; // Doris fits (or only holds columns of its own, or ones dropped and kept)
            }
            apply(table, schema, missing.isEmpty() ? "columns of " + table.route.source() + " changed while it did not stream"
                    : "added " + missing.stream().map(Column::name).toList(), plan, extra && !missing.isEmpty(), at);
        } catch (SQLException | TransportException e) {
            throw new CdcException("cannot fit Doris table " + table.route.target() + " to the columns of " + table.route.source()
                    + " at stream position " + at + ": " + e.getMessage() + "; the change is delivered again when the pipeline starts again", e);
        }
    }

    /** Applies (or, by policy or necessity, refuses) a column change to the table's Doris table, then takes the new columns. */
    private void fit(TableRuntime table, TableSchema newSchema, SchemaDiff diff, boolean recopy, StreamPosition at) {
        var sql = delivery.transport().sql().orElseThrow();
        try (Connection c = PipelineRunner.connect(config, false)) {
            SchemaPlan plan = SchemaPlan.of(table.route, diff, newSchema, config.dropColumns(), sql, c, false);
            // a rename the catalog could not tell from a drop and an add: the values are in PostgreSQL's rows
            apply(table, newSchema, diff.toString(), plan, recopy || diff.ambiguous(), at);
        } catch (SQLException | TransportException e) {
            throw new CdcException("cannot fit Doris table " + table.route.target() + " to the new columns of "
                    + table.route.source() + " at stream position " + at + ": " + e.getMessage()
                    + "; the change is delivered again when the pipeline starts again", e);
        }
    }

    private void apply(TableRuntime table, TableSchema newSchema, String change, SchemaPlan plan, boolean recopy, StreamPosition at) {
        var sql = delivery.transport().sql().orElseThrow();
        boolean fail = config.schemaChanges() == SchemaChangePolicy.FAIL && !plan.statements().isEmpty();
        if (fail || plan.refusal() != null) {
            delivery.failTable(table, ack, at.commitLsn(), plan.advice(table.route, change, at, fail));
            return;
        }
        LOG.info("the columns of {} changed at {} ({}): {}", table.route.source(), at, change,
                plan.statements().isEmpty() ? "Doris has them already" : String.join("; ", plan.statements()));
        if (!plan.statements().isEmpty()) {
            delivery.lease().confirm("the schema change of " + table.route.target() + " at stream position " + at + " ("
                    + String.join("; ", plan.statements()) + ")"); // a deposed instance must not drop a column re-added later
        }
        plan.apply(sql, table.route);
        table.batcher.rebind(table.withKeys(newSchema));
        // a copy under way loads its remaining rows with the column names it started with: after a rename Doris would
        // drop those values, so the copy is done again (an added, widened or dropped column needs no second copy)
        if (plan.recopy() || recopy || (table.copyPending && change.contains("renamed"))) {
            LOG.info("{}: existing rows hold values the stream does not carry; the table is copied again", table.route.source());
            snapshots.resync(List.of(table.route.source()), config.snapshotBatchRows());
        }
    }
}
