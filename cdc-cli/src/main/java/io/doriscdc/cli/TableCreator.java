package io.doriscdc.cli;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.ConfigException;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.cli.doris.PgCatalog;
import io.doriscdc.cli.doris.TargetTables;
import io.doriscdc.runtime.TableRoute;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Creates missing Doris target tables from the PostgreSQL schema through a transport's SQL endpoint. Stateless. */
final class TableCreator {

    private TableCreator() {
    }

    static void createMissing(Connection pg, String scheme, Map<String, String> settings, List<TableRoute> routes) {
        try (Transport transport = Transports.load(scheme).create(TransportConfig.of(settings), PipelineListener.NONE)) {
            SqlEndpoint sql = transport.sql().orElseThrow(() -> new ConfigException("transport " + scheme
                    + " has no SQL endpoint to create tables with; create them by hand (see docs/operations.md) and set transport.create-tables: false"));
            for (TableRoute r : routes) {
                TargetTables.create(sql, r.source(), r.target(), PgCatalog.columns(pg, r.source()));
            }
        } catch (SQLException e) {
            throw new CdcException("cannot read the PostgreSQL schema to create Doris tables: " + e.getMessage(), e);
        }
    }
}
