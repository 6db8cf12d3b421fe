package io.doriscdc.streamload.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.streamload.StreamLoadSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL over the FE's {@code POST /api/query/default_cluster/{db}} (body {@code {"stmt": ...}}, header
 * {@code X-Doris-Stream: false} for the JSON envelope). A statement is sent to the current FE and, on an
 * I/O failure, once more to the next one. Values come back as JSON gives them (numbers, strings,
 * booleans, null). Thread-safe.
 */
public final class FeSqlEndpoint implements SqlEndpoint {

    private final StreamLoadSettings settings;
    private final HttpFacade http;
    private final Targets targets;

    public FeSqlEndpoint(StreamLoadSettings settings, HttpFacade http, Targets targets) {
        this.settings = settings;
        this.http = http;
        this.targets = targets;
    }

    /** How often a statement is sent when the FE answers that it is busy (HTTP 5xx, 408, 429), 0.2 s to 1.6 s apart. */
    static final int BUSY_ATTEMPTS = 5;

    private HttpReply send(String database, byte[] bytes, Map<String, String> headers, Runnable beforeEachAttempt) {
        for (int attempt = 0; ; attempt++) {
            URI uri = targets.fe().resolve("/api/query/default_cluster/" + database);
            beforeEachAttempt.run(); // a retry on the next FE comes up to read-timeout later: asked again then
            try {
                return http.send("POST", uri, headers, bytes, bytes.length, settings.readTimeout());
            } catch (HopException e) {
                targets.feFailed(uri);
                if (attempt + 1 >= settings.fe().size()) {
                    throw new TransportException("SQL on " + database + " could not reach any FE: " + e.getMessage(), true, null, e);
                }
            }
        }
    }

    private static void pause(int busy) {
        try {
            Thread.sleep(200L << Math.min(busy, 3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for a busy FE", true, null, e);
        }
    }

    @Override
    public List<Map<String, Object>> execute(String database, String statement) {
        return execute(database, statement, () -> { });
    }

    @Override
    public List<Map<String, Object>> execute(String database, String statement, Runnable beforeEachAttempt) {
        Identifiers.requireDorisName(database, "Doris database");
        ObjectNode body = Responses.JSON.createObjectNode().put("stmt", statement).put("is_sync", 1).put("limit", 10000);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("X-Doris-Stream", "false", "Content-Type", "application/json");
        JsonNode r = null;
        for (int busy = 0; r == null; busy++) {
            HttpReply reply = send(database, bytes, headers, beforeEachAttempt);
            try {
                r = Responses.parse(reply, "SQL on " + database, null);
            } catch (TransportException e) {
                // an FE answering 503/429/5xx for a moment (restarting, overloaded): the statement did not run; try again
                // a few times before the caller sees it, so a passing refusal does not stop a column change or a TRUNCATE
                if (!e.retryable() || busy + 1 >= BUSY_ATTEMPTS) {
                    throw e;
                }
                pause(busy);
            }
        }
        if (r.path("code").asInt(-1) != 0) {
            String msg = r.path("msg").asText("") + (r.path("data").isTextual() ? " " + r.path("data").asText() : "");
            throw new TransportException("SQL on " + database + " failed: " + msg + " (statement: " + Targets.abbreviate(statement) + ")",
                    !Responses.isFinal(msg) && !msg.contains("Failed to execute sql"), null);
        }
        JsonNode data = r.path("data");
        if (!"result_set".equals(data.path("type").asText())) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode m : data.path("meta")) {
            names.add(m.path("name").asText());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode row : data.path("data")) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), value(row.get(i)));
            }
            rows.add(Collections.unmodifiableMap(out));
        }
        return List.copyOf(rows);
    }

    private static Object value(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        return v.isTextual() ? v.asText() : v.toString();
    }
}
