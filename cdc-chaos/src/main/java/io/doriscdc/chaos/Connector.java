package io.doriscdc.chaos;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection to the run's PostgreSQL database. Implementations are thread-safe. */
@FunctionalInterface
interface Connector {
    Connection open() throws SQLException;
}
