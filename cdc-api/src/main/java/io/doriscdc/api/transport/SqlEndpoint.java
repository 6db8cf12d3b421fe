package io.doriscdc.api.transport;

import java.util.List;
import java.util.Map;

/**
 * SQL statements against the target (Doris FE {@code POST /api/query/default_cluster/{db}}): DDL,
 * TRUNCATE and small SELECTs. Thread-safe.
 */
public interface SqlEndpoint {

    /**
     * Runs one statement in a database and returns its rows (column name → value, in result
     * order; empty for statements without a result).
     *
     * @throws TransportException when the statement fails, with the target's message
     */
    List<Map<String, Object>> execute(String database, String statement);

    /**
     * As {@link #execute(String, String)}, running {@code beforeEachAttempt} right before the statement is
     * sent, and again before each retry (for example on the next FE after a read timeout): a statement
     * that must not reach the target late (a TRUNCATE by an instance that may have lost its lease) is
     * then sent only while the guard passes. The guard's exception is thrown as is and stops the retries.
     */
    default List<Map<String, Object>> execute(String database, String statement, Runnable beforeEachAttempt) {
        beforeEachAttempt.run();
        return execute(database, statement);
    }
}
