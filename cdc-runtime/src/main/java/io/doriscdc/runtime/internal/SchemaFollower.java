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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final Tables tables;
    private final SchemaLog log;
    /** Per table, the attribute number of each column when its columns were last taken (a rename keeps it; an add gets a new one). */
    private final Map<io.doriscdc.api.TableId, Map<String, Integer>> attnums = new HashMap<>();

    SchemaFollower(PipelineConfig config, Delivery delivery, AckTracker ack, SnapshotCoordinator snapshots, Tables tables) {
        this.config = config;
        this.tables = tables;
        this.delivery = delivery;
        this.ack = ack;
        this.snapshots = snapshots;
        this.log = new SchemaLog(config.slotName(), () -> PipelineRunner.connect(config, false));
    }

    /**
     * A Relation message of the table at {@code at}: when its key is not the one the Doris table has
     * ({@link KeyChange}), what the table holds is delivered under the old key and the table stops,
     * holding the slot at this transaction.
     *
     * @return whether the table stopped
     */
    boolean keyChanged(TableRuntime table, TableSchema schema, StreamPosition at) {
        String error = KeyChange.of(table, schema, at);
        if (error == null) {
            return false;
        }
        delivery.drain(table, ack);
        if (!table.failed()) {
            delivery.failTable(table, ack, at.commitLsn(), error);
        }
        return true;
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
        if (replayed(table, newSchema, at)) {
            return;
        }
        SchemaDiff diff;
        try (Connection c = PipelineRunner.connect(config, false)) {
            List<Attnums.Attribute> catalog = Attnums.catalog(c, table.route.source());
            Map<String, Integer> before = attnums.getOrDefault(table.route.source(), Attnums.of(old, Map.of(), catalog));
            Map<String, Integer> now = Attnums.of(newSchema, Map.of(), catalog);
            diff = SchemaDiff.between(old, newSchema, (from, to) -> before.containsKey(from) && now.containsKey(to)
                    ? before.get(from).equals(now.get(to)) // the same attribute, by number: renamed
                    : SchemaChange.renamedInCatalog(c, table.route.source(), newSchema, to));
            attnums.put(table.route.source(), Attnums.of(newSchema, Attnums.carried(before, diff), catalog));
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
     * A Relation message of a replay after a crash, before or at the newest change Doris applied
     * ({@link SchemaLog}): before it, the columns are only taken (the table's changes there are in
     * Doris already and skipped); at it, the recorded change is planned again, against Doris as it
     * is now, so that what Doris did before the crash is not done twice and what it did not do is.
     *
     * @return whether the Relation was handled so
     */
    private boolean replayed(TableRuntime table, TableSchema schema, StreamPosition at) {
        SchemaLog.Applied applied = table.schemaChangedAt;
        if (applied == null || applied.position().isBefore(at)) {
            return false;
        }
        if (at.isBefore(applied.position())) {
            LOG.debug("{}: Relation at {} is before the column change Doris applied at {}: columns taken, nothing planned",
                    table.route.source(), at, applied.position());
            table.batcher.rebind(table.withKeys(schema));
            remember(table, schema);
            return true;
        }
        SchemaDiff diff = applied.diff(schema);
        var sql = delivery.transport().sql().orElseThrow();
        try (Connection c = PipelineRunner.connect(config, false)) {
            if (!diff.retyped().isEmpty()) {
                // a MODIFY sent before the crash may still run as a Doris job: DESC shows the old type until it finishes, and
                // Doris runs one schema change of a table at a time
                SchemaPlan.awaitJob(sql, table.route);
            }
            attnums.put(table.route.source(), Attnums.of(schema, Attnums.carried(attnums.getOrDefault(table.route.source(), Map.of()), diff),
                    Attnums.catalog(c, table.route.source())));
            SchemaPlan plan = SchemaPlan.of(table.route, diff, schema, config.dropColumns(), sql, c, applied.firstSight());
            LOG.info("{}: the column change at {} was recorded before a restart ({}); Doris is fitted to what it still lacks",
                    table.route.source(), at, diff);
            apply(table, schema, diff, applied.firstSight(), plan, diff.ambiguous(), at, true);
        } catch (SQLException | TransportException e) {
            throw new CdcException("cannot fit Doris table " + table.route.target() + " to the columns of " + table.route.source()
                    + " at stream position " + at + ": " + e.getMessage() + "; the change is delivered again when the pipeline starts again", e);
        }
        return true;
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
        if (replayed(table, schema, at)) {
            return;
        }
        Set<String> doris = delivery.dorisColumns(table);
        if (doris.isEmpty()) {
            return; // Doris cannot say: the loads will
        }
        List<Column> missing = schema.columns().stream().filter(c -> !doris.contains(c.name())).toList();
        // Doris columns the stream does not have: dropped or renamed while the pipeline was stopped: the renamed values are
        // in PostgreSQL's rows, so copy again
        boolean extra = doris.stream().anyMatch(d -> schema.columns().stream().noneMatch(c -> c.name().equals(d)));
        var sql = delivery.transport().sql().orElseThrow();
        remember(table, schema);
        try (Connection c = PipelineRunner.connect(config, false)) {
            SchemaDiff diff = SchemaPlan.firstSightDiff(schema, doris, config.dropColumns());
            SchemaPlan plan = SchemaPlan.of(table.route, diff, schema, config.dropColumns(), sql, c, true);
            if (plan.statements().isEmpty() && !(extra && !missing.isEmpty())) {
                return; // Doris fits (or only holds columns of its own, or ones dropped and kept)
            }
            apply(table, schema, diff, true, plan, extra && !missing.isEmpty(), at, false);
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
            apply(table, newSchema, diff, false, plan, recopy || diff.ambiguous(), at, false);
        } catch (SQLException | TransportException e) {
            throw new CdcException("cannot fit Doris table " + table.route.target() + " to the new columns of "
                    + table.route.source() + " at stream position " + at + ": " + e.getMessage()
                    + "; the change is delivered again when the pipeline starts again", e);
        }
    }

    /**
     * @param firstSight planned at the table's first Relation of a run (lenient about Doris's own types)
     * @param replay the change was recorded in the {@link SchemaLog} before a restart
     */
    private void apply(TableRuntime table, TableSchema newSchema, SchemaDiff diff, boolean firstSight, SchemaPlan plan, boolean recopy,
                       StreamPosition at, boolean replay) {
        var sql = delivery.transport().sql().orElseThrow();
        String change = diff.isEmpty() ? "columns of " + table.route.source() + " changed while it did not stream" : diff.toString();
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
        if (!plan.statements().isEmpty() && !replay && tables.schemaChangesRecorded()) {
            // before Doris changes: a replay resumes the table here (every earlier change of it is committed in Doris); without
            // the doris_cdc schema a replay compares its first Relation with Doris instead
            SchemaLog.Applied applied = new SchemaLog.Applied(at, SchemaLog.entries(diff, firstSight));
            log.record(table.route.source(), applied);
            table.schemaChangedAt = applied;
        }
        plan.apply(new LeasedSql(sql, delivery.lease(), "the schema change of " + table.route.target() + " at stream position " + at), table.route);
        table.batcher.rebind(table.withKeys(newSchema));
        // a copy under way loads its remaining rows with the column names it started with: after a rename Doris would
        // drop those values, so the copy is done again (an added, widened or dropped column needs no second copy)
        if (plan.recopy() || recopy || (table.copyPending && !diff.renamed().isEmpty())) {
            LOG.info("{}: existing rows hold values the stream does not carry; the table is copied again", table.route.source());
            snapshots.resync(List.of(table.route.source()), config.snapshotBatchRows());
        }
    }

    /**
     * Notes the attribute numbers of the columns a Relation listed, which tell a rename of its last
     * column from a drop and an add; a column of the same name keeps the number noted before.
     */
    private void remember(TableRuntime table, TableSchema schema) {
        try (Connection c = PipelineRunner.connect(config, false)) {
            attnums.put(table.route.source(), Attnums.of(schema, attnums.getOrDefault(table.route.source(), Map.of()),
                    Attnums.catalog(c, table.route.source())));
        } catch (SQLException e) {
            attnums.remove(table.route.source()); // renames of the last column are then told by the catalog alone
        }
    }
}
