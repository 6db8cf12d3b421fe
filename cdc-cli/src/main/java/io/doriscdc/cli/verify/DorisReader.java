package io.doriscdc.cli.verify;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.transport.SqlEndpoint;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Reads every visible row of a Doris table. Implementations are thread-safe. */
public interface DorisReader {

    /** Calls {@code row} with each visible row (column name → value), in any order. */
    void forEachRow(DorisTableId table, List<String> columns, List<String> keys, Consumer<Map<String, Object>> row);

    /**
     * Through a Doris FE's SQL endpoint, in pages of {@code ORDER BY key LIMIT n OFFSET m} (the
     * endpoint returns at most 10000 rows per statement). For real Doris; meant for tables of a
     * demo's or a test's size, not for auditing large tables.
     */
    static DorisReader over(SqlEndpoint sql) {
        int page = 10_000;
        return (table, columns, keys, row) -> {
            String cols = columns.stream().map(Identifiers::quoteDoris).collect(Collectors.joining(", "));
            String order = keys.stream().map(Identifiers::quoteDoris).collect(Collectors.joining(", "));
            for (long offset = 0; ; offset += page) {
                List<Map<String, Object>> rows = sql.execute(table.database(), "SELECT " + cols + " FROM " + table.toSql()
                        + " ORDER BY " + order + " LIMIT " + page + " OFFSET " + offset);
                rows.forEach(row);
                if (rows.size() < page) {
                    return;
                }
            }
        };
    }
}
