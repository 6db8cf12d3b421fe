package io.doriscdc.cli;

import io.doriscdc.api.CdcException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/** Plain (non-replication) JDBC connections for the commands. Stateless. */
final class PgConnections {

    private PgConnections() {
    }

    static Connection open(String url, String user, String password, Map<String, String> properties) {
        Properties p = new Properties();
        properties.forEach(p::setProperty);
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("ApplicationName", "doris-cdc cli");
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            throw new CdcException("cannot connect to PostgreSQL at " + io.doriscdc.runtime.Redaction.url(url) + " as " + user + ": "
                    + e.getMessage() + io.doriscdc.runtime.internal.ConnectHints.hint(url, properties, e)
                    + " (check postgres.url, postgres.user, postgres.password and pg_hba.conf)", e);
        }
    }
}
