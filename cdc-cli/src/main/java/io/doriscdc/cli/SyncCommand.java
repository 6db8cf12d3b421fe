package io.doriscdc.cli;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.ConfigException;
import io.doriscdc.api.TableId;
import io.doriscdc.cli.config.CliConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doris-cdc sync --config FILE --table public.users}: asks the running pipeline to re-copy a table. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Asks the running pipeline to re-copy a table while the stream goes on.", "",
                "The copy runs under a new snapshot (for example after data was lost on the Doris side);",
                "the request goes through doris_cdc.sync_table in PostgreSQL.",
                "Rows changed meanwhile keep their newest version; rows that exist only in Doris are not removed.",
                "Follow the copy with doris-cdc status. Exit code 0 when requested, 2 for a bad table, 3 on failure."})
final class SyncCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = {"-t", "--table"}, required = true, paramLabel = "SCHEMA.TABLE", description = "The PostgreSQL table to re-copy.")
    String table;

    @Option(names = "--batch-size", defaultValue = "100000", paramLabel = "ROWS",
            description = "Rows per Doris load during the copy (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliConfig cfg = config.read();
        TableId id;
        try {
            id = TableId.parse(table);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--table '" + table + "': " + e.getMessage());
        }
        if (cfg.routes().stream().noneMatch(r -> r.source().equals(id))) {
            spec.commandLine().getErr().println("note: " + id + " is not among the tables of " + config.file
                    + "; it is synced only if it was added with doris_cdc.add_table");
        }
        try (Connection c = PgConnections.open(cfg.postgresUrl(), cfg.postgresUser(), cfg.postgresPassword(), cfg.postgresProperties());
             PreparedStatement ps = c.prepareStatement("SELECT doris_cdc.sync_table(?::regclass, ?, pipeline => ?)")) {
            ps.setString(1, id.toSql());
            ps.setInt(2, batchSize);
            ps.setString(3, cfg.slot());
            ps.execute();
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new ConfigException("table " + id + " does not exist in PostgreSQL", e);
            }
            if ("3F000".equals(e.getSQLState()) || "42883".equals(e.getSQLState())) {
                throw new CdcException("doris_cdc.sync_table is missing: no pipeline with the SQL control plane has run against this database", e);
            }
            throw new CdcException("cannot request the sync of " + id + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().println("requested a re-copy of " + id + " in batches of " + batchSize
                + " rows; the running pipeline picks it up in WAL order. Follow it with: doris-cdc status --config " + config.file);
        return ExitCodes.OK;
    }
}
