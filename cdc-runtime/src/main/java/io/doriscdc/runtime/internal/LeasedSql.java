package io.doriscdc.runtime.internal;

import io.doriscdc.api.transport.SqlEndpoint;
import java.util.List;
import java.util.Map;

/**
 * The Doris SQL endpoint as used for changes a later load cannot undo (TRUNCATE, column changes):
 * every attempt of every statement, a retry on another FE included, is sent only right after this
 * instance renewed its high-availability lease ({@link LeaseGuard#confirm}). A read timeout (60 s by
 * default) followed by a retry can otherwise put a deposed instance's statement into Doris long after
 * another instance took over. Thread-safe if the endpoint is.
 */
final class LeasedSql implements SqlEndpoint {

    private final SqlEndpoint sql;
    private final LeaseGuard lease;
    private final String what;

    LeasedSql(SqlEndpoint sql, LeaseGuard lease, String what) {
        this.sql = sql;
        this.lease = lease;
        this.what = what;
    }

    @Override
    public List<Map<String, Object>> execute(String database, String statement) {
        return sql.execute(database, statement, () -> lease.confirm(what + " (" + statement + ")"));
    }
}
