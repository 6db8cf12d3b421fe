package io.doriscdc.emulator.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.netty.handler.codec.http.HttpRequest;

/**
 * {@code POST /api/query/default_cluster/{db}} (Addendum, SQL over HTTP): body
 * {@code {"stmt": "...", "is_sync": 1, "limit": 1000}}, answered in the
 * {@code {"msg","code","data","count"}} envelope. Stateless.
 */
final class SqlHttp {
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SqlHttp() {
    }

    static Map<String, Object> execute(EmulatorRuntime rt, HttpRequest req, byte[] body) {
        String[] p = Http.path(req).split("/");
        String db = p[4];
        JsonNode json;
        try {
            json = body.length == 0 ? null : Http.JSON.readTree(body);
        } catch (java.io.IOException e) {
            json = null;
        }
        if (json == null || !json.hasNonNull("stmt")) {
            return Http.envelope("Bad Request", 403, "Missing statement request body");
        }
        if (json.has("is_sync") && !json.get("is_sync").asBoolean(true)) {
            return Http.envelope("Bad Request", 403, "Not support async query execution");
        }
        int limit = Math.min(json.path("limit").asInt(1000), 10000);
        rt.counters.sqlStatements.increment();
        long start = System.nanoTime();
        try {
            SqlResult r = rt.faults.aroundSql(json.get("stmt").asText(), stmt -> rt.sql.execute(db, stmt));
            Map<String, Object> data = new LinkedHashMap<>();
            if (r.resultSet()) {
                data.put("type", "result_set");
                List<List<Object>> rows = new ArrayList<>();
                for (Map<String, Object> row : r.rows()) {
                    if (rows.size() >= limit) {
                        break;
                    }
                    // by the result's column names: a row map's own order is not the meta's (Map.of iterates in an order of
                    // its own, different in each JVM, which once put a job's table name under "State")
                    List<Object> values = new ArrayList<>();
                    r.names().forEach(n -> values.add(render(row.get(n))));
                    rows.add(values);
                }
                data.put("data", rows);
                List<Map<String, String>> meta = new ArrayList<>();
                for (int i = 0; i < r.names().size(); i++) {
                    meta.add(Map.of("name", r.names().get(i), "type", r.types().get(i)));
                }
                data.put("meta", meta);
            } else {
                data.put("type", "exec_status");
            }
            data.put("status", Map.of());
            data.put("time", (System.nanoTime() - start) / 1_000_000);
            return Http.envelope("success", 0, data);
        } catch (SqlException e) {
            return Http.envelope("Failed to execute sql: errCode = 2, detailMessage = " + e.getMessage(), 1, null);
        }
    }

    private static Object render(Object v) {
        if (v instanceof LocalDateTime t) {
            String s = t.format(DATETIME);
            return t.getNano() == 0 ? s : s + String.format(".%06d", t.getNano() / 1000);
        }
        if (v instanceof LocalDate || v instanceof BigDecimal || v instanceof BigInteger) {
            return v.toString();
        }
        return v;
    }
}
