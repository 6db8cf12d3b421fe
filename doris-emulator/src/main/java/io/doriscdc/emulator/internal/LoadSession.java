package io.doriscdc.emulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.netty.handler.codec.http.HttpRequest;

/**
 * The state of one BE Stream Load between its headers and its response: options, transaction,
 * the body's size and the memory it holds from the budget, and a failure recorded while the body is
 * still being drained. Confined to the connection's event loop.
 */
final class LoadSession {
    final HttpRequest request;
    final String db;
    final String table;
    final Map<String, String> headers = new LinkedHashMap<>();
    final LoadResponse response = new LoadResponse();
    final long startNanos = System.nanoTime();
    LoadOptions options;
    TableSchema schema;
    Txn txn;
    long received;
    long reserved;
    boolean resetMidBody;
    LoadException failure;

    LoadSession(HttpRequest request, String db, String table) {
        this.request = request;
        this.db = db;
        this.table = table;
        request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
        response.label = request.headers().get("label", "");
        response.comment = request.headers().get("comment", "");
    }

    static String errorLogFile() {
        String id = UUID.randomUUID().toString().replace("-", "");
        return "__shard_0/error_log_insert_stmt_" + id.substring(0, 16) + "-" + id.substring(16);
    }

    long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
