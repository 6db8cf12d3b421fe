package io.doriscdc.runtime.internal;

import io.doriscdc.api.Identifiers;
import io.doriscdc.runtime.TableRoute;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The exact statements that make Doris a fresh copy of PostgreSQL again, for a pipeline whose slot
 * or whose positions cannot be trusted: stop it, empty its Doris tables, drop its slot (and, when
 * the source's positions restarted, its doris_cdc records of applied changes), start it: a new
 * slot and a full copy of every mapped table, as for a lost slot (docs/operations.md, "Before
 * PostgreSQL 17, or without a failover slot"). Stateless.
 */
final class ResyncProcedure {

    private ResyncProcedure() {
    }

    /**
     * @param clearRecords also delete the pipeline's records of applied TRUNCATEs and column changes,
     *                     its copy plans and its recorded source identity (they hold positions of the old source)
     */
    static String statements(String pipeline, List<TableRoute> routes, boolean clearRecords) {
        String slot = Identifiers.pgLiteral(pipeline);
        String truncates = routes.stream().map(r -> "TRUNCATE TABLE " + r.target().toSql() + ";").collect(Collectors.joining(" "));
        StringBuilder sb = new StringBuilder("(1) stop every instance of pipeline ").append(pipeline)
                .append("; (2) in Doris, empty its tables: ").append(truncates.isEmpty() ? "(none mapped)" : truncates)
                .append(" (3) in PostgreSQL: ");
        if (!clearRecords) {
            sb.append("SELECT pg_drop_replication_slot(").append(slot).append(");");
        } else {
            // another system may have no such slot: drop it only where it exists
            sb.append("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ").append(slot).append(';');
            for (String table : List.of("applied_truncates", "applied_schema_changes", "snapshot_ranges", "source_identity")) {
                sb.append(" DELETE FROM doris_cdc.").append(table).append(" WHERE pipeline = ").append(slot).append(';');
            }
        }
        return sb.append(" (4) start it: it creates a new slot and copies every mapped table again (snapshot.initial: true);"
                + " see docs/operations.md, \"Re-syncing Doris\"").toString();
    }
}
