package io.doriscdc.cli.config;

import static io.doriscdc.cli.config.ConfigKey.Kind.BOOLEAN;
import static io.doriscdc.cli.config.ConfigKey.Kind.BYTES;
import static io.doriscdc.cli.config.ConfigKey.Kind.DURATION;
import static io.doriscdc.cli.config.ConfigKey.Kind.GROUP;
import static io.doriscdc.cli.config.ConfigKey.Kind.INTEGER;
import static io.doriscdc.cli.config.ConfigKey.Kind.LIST;
import static io.doriscdc.cli.config.ConfigKey.Kind.MAP;
import static io.doriscdc.cli.config.ConfigKey.Kind.NUMBER;
import static io.doriscdc.cli.config.ConfigKey.Kind.SECRET;
import static io.doriscdc.cli.config.ConfigKey.Kind.STRING;

import java.util.List;
import java.util.Optional;

/**
 * Every key of the pipeline YAML, in the order of {@code docs/configuration.md}. A key missing here
 * is rejected as unknown; a key here missing from the reference fails {@code ConfigReferenceTest}.
 */
public final class ConfigKeys {

    public static final List<ConfigKey> ALL = List.of(
            ConfigKey.of("postgres", GROUP, "", "The source database."),
            ConfigKey.of("postgres.url", STRING, "(required)", "JDBC URL of the database: jdbc:postgresql://host:5432/db."),
            ConfigKey.of("postgres.user", STRING, "postgres", "A user with REPLICATION (or superuser) and SELECT on the mapped tables."),
            ConfigKey.of("postgres.password", SECRET, "(empty)", "Its password; write ${env:NAME} or ${file:/path} rather than the value."),
            ConfigKey.of("postgres.properties", MAP, "(none)", "Extra pgjdbc connection properties, e.g. sslmode: verify-full, sslrootcert: /etc/ca.pem."),
            ConfigKey.of("slot", STRING, "doris_cdc", "The replication slot: 1 to 63 lower-case letters, digits or '_'. Created on first run."),
            ConfigKey.of("publication", STRING, "doris_cdc", "The publication the slot reads; created or extended with the mapped tables."),
            ConfigKey.of("label-prefix", STRING, "(the slot name)", "Prefix of every Stream Load label."),
            ConfigKey.of("transport", GROUP, "", "How batches reach Doris."),
            ConfigKey.choice("transport.scheme", "streamload", "The transport: streamload (HTTP Stream Load) or grpc (ingest gateway), or a plugin's scheme.",
                    "streamload", "grpc"),
            ConfigKey.of("transport.settings", MAP, "(none)", "The transport's own settings (see the transport's table below); values resolve ${env:..} and ${file:..}."),
            ConfigKey.of("transport.create-tables", BOOLEAN, "false",
                    "Create missing Doris databases and tables (Unique Key, merge-on-write, sequence column) from the PostgreSQL schema through the transport's SQL endpoint."),
            ConfigKey.of("tables", LIST, "(required)", "The mapped tables. More can be added at run time with doris_cdc.add_table."),
            ConfigKey.of("tables[].source", STRING, "(required)", "The PostgreSQL table, schema.name (public.orders)."),
            ConfigKey.of("tables[].target", STRING, "(required)", "The Doris table, database.table (shop.orders)."),
            ConfigKey.of("pipelines", LIST, "(one pipeline)", "Several pipelines in one file, each its own slot, publication and tables, "
                    + "sharing every other key; top-level slot, publication and tables are then refused."),
            ConfigKey.of("pipelines[].name", STRING, "(required)", "The pipeline's name for --pipeline, status, metrics and logs; "
                    + "also its slot unless slot is given."),
            ConfigKey.of("pipelines[].slot", STRING, "(the name)", "The pipeline's replication slot, as slot above; distinct per pipeline."),
            ConfigKey.of("pipelines[].publication", STRING, "(the slot name)", "The publication its slot reads, as publication above."),
            ConfigKey.of("pipelines[].tables", LIST, "(required)", "Its tables, as tables above; a table may be in one pipeline only."),
            ConfigKey.of("pipelines[].tables[].source", STRING, "(required)", "The PostgreSQL table, schema.name."),
            ConfigKey.of("pipelines[].tables[].target", STRING, "(required)", "The Doris table, database.table."),
            ConfigKey.of("batch", GROUP, "", "When a table's batch is sent."),
            ConfigKey.of("batch.max-rows", INTEGER, "200000", "Rows per batch, 1 to 10000000."),
            ConfigKey.of("batch.max-bytes", BYTES, "64MiB", "Encoded bytes per batch, 1KiB to 8GiB."),
            ConfigKey.of("batch.max-age", DURATION, "1s", "The oldest change a batch may hold before it is sent, up to 1h."),
            ConfigKey.of("batch.max-loads-per-second", NUMBER, "1",
                    "On an idle stream a table's changes are sent at once, at most this many loads per table per second (0.001 to 1000)."),
            ConfigKey.of("memory", GROUP, "", "Bounds on memory."),
            ConfigKey.of("memory.budget", BYTES, "256MiB", "Bytes the ring, batches being built and staged transactions may hold; past it, backpressure or spilling."),
            ConfigKey.of("memory.ring-size", INTEGER, "8192", "Slots of the ring between reader and batch builders: a power of two, 64 to 1048576."),
            ConfigKey.of("memory.spill-directory", STRING, "(java.io.tmpdir)", "Where large streamed transactions spill past the budget."),
            ConfigKey.of("snapshot", GROUP, "", "The consistent copy of tables."),
            ConfigKey.of("snapshot.initial", BOOLEAN, "true", "Copy the mapped tables when the slot is created; false streams changes only."),
            ConfigKey.of("snapshot.batch-rows", INTEGER, "100000", "Rows per Doris load during a copy."),
            ConfigKey.of("snapshot.chunk-pages", INTEGER, "4096", "8 KiB heap pages per copied CTID range, 16 to 1048576."),
            ConfigKey.of("snapshot.parallelism", INTEGER, "2", "Connections copying ranges in parallel, 1 to 32."),
            ConfigKey.of("policies", GROUP, "", "What happens on TRUNCATE, on a batch that cannot be delivered and on a change of columns."),
            ConfigKey.choice("policies.truncate", "propagate", "propagate (TRUNCATE the Doris table in stream order), ignore, or fail (stop the table).",
                    "propagate", "ignore", "fail"),
            ConfigKey.choice("policies.failure", "stop-table", "stop-table (that table goes FAILED, others go on) or stop-pipeline.",
                    "stop-table", "stop-pipeline"),
            ConfigKey.choice("policies.schema-changes", "apply", "apply (Doris follows added, renamed, widened and dropped columns in "
                    + "stream order) or fail (stop the table with the statements to run).", "apply", "fail"),
            ConfigKey.choice("policies.drop-columns", "keep", "keep (a column dropped in PostgreSQL stays in Doris, no longer written) "
                    + "or drop (dropped in Doris too).", "keep", "drop"),
            ConfigKey.of("replication", GROUP, "", "The replication connection."),
            ConfigKey.of("replication.status-interval", DURATION, "10s", "How often the position is reported to the server when idle, 1s to 5m."),
            ConfigKey.of("replication.binary-values", BOOLEAN, "true", "Ask for binary values where every column's binary form can be decoded."),
            ConfigKey.of("replication.accept-publication-subsets", BOOLEAN, "false",
                    "Accept a publication with a column list or a row filter on a mapped table (PostgreSQL 15+)."),
            ConfigKey.of("replication.control-plane", BOOLEAN, "true",
                    "Install and follow the doris_cdc schema (status view, add_table/remove_table/sync_table functions)."),
            ConfigKey.choice("replication.failover-slot", "auto", "auto (a new slot is a failover slot on PostgreSQL 17+), true (always: "
                    + "an existing slot gets failover, a server before 17 is refused) or false (never).", "auto", "true", "false"),
            ConfigKey.of("ha", GROUP, "", "High availability: instances of one pipeline, one active, the others standing by."),
            ConfigKey.of("ha.enabled", BOOLEAN, "true", "Elect one active instance by a lease in doris_cdc.leases; the others stand by and take over."),
            ConfigKey.of("ha.instance-id", STRING, "(host:pid)", "This instance's name in status, metrics and logs, e.g. the pod name."),
            ConfigKey.of("ha.lease-interval", DURATION, "1s", "How often the active instance renews its lease and standbys look at it, 100ms to 1m."),
            ConfigKey.of("ha.lease-timeout", DURATION, "5s", "A lease not renewed for this long is taken over, at least 3 lease intervals."),
            ConfigKey.of("metrics", GROUP, "", "Prometheus metrics."),
            ConfigKey.of("metrics.port", INTEGER, "(off)", "Serve GET /metrics (Prometheus text format), /health/live and /health/ready on this port (0 picks a free one)."),
            ConfigKey.of("metrics.host", STRING, "0.0.0.0", "The address the metrics port binds."));

    private ConfigKeys() {
    }

    /** The key a concrete path is, if any. */
    public static Optional<ConfigKey> find(String concretePath) {
        return ALL.stream().filter(k -> k.matches(concretePath)).findFirst();
    }

    /** The keys directly below a group path ({@code ""} for the top level, {@code tables[]} for list items). */
    static List<String> childrenOf(String group) {
        String prefix = group.isEmpty() ? "" : group + ".";
        return ALL.stream().map(ConfigKey::path)
                .filter(p -> p.startsWith(prefix) && p.length() > prefix.length() && !p.substring(prefix.length()).contains("."))
                .map(p -> p.substring(prefix.length()))
                .toList();
    }
}
