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
}
