package io.doriscdc.streamload.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.streamload.LoadPart;
import io.doriscdc.streamload.StreamLoadSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Doris HTTP calls of a delivery, each one request: a Stream Load of one part, a
 * {@code _stream_load_2pc} commit, a {@code get_load_state} query, and the first rows of an error log.
 * Failures become {@link TransportException}s with the label and a retryable flag; an I/O failure is a
 * {@link HopException} the caller resolves. Thread-safe.
 */
public final class DorisApi {

    /** Rows of an error log quoted in a data-quality failure. */
    static final int ERROR_ROWS = 5;

    private final StreamLoadSettings settings;
    private final HttpFacade http;
    private final Targets targets;

    public DorisApi(StreamLoadSettings settings, HttpFacade http, Targets targets) {
        this.settings = settings;
        this.http = http;
        this.targets = targets;
    }

    /** Whether {@link #loadState} can ask anyone (it needs an FE). */
    public boolean canAskLoadState() {
        return targets.hasFe();
    }

    /**
     * One Stream Load request of a part under {@code label}: Doris's {@code timeout} is {@code timeout}
     * rounded up to whole seconds, and the answer is awaited as long; {@code inFlight} may abort it.
     */
    public LoadResult load(DorisTableId table, String label, LoadPart part, boolean twoPhase, Duration timeout, InFlight inFlight)
            throws HopException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Expect", "100-continue");
        headers.put("label", label);
        headers.put("timeout", Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000)));
        if (twoPhase) {
            headers.put("two_phase_commit", "true");
        }
        headers.putAll(part.headers());
        URI base = targets.loadBase();
        URI uri = base.resolve("/api/" + table.database() + "/" + table.table() + "/_stream_load");
        HttpReply reply;
        try {
            reply = http.send("PUT", uri, headers, part.body(), timeout, inFlight);
        } catch (HopException e) {
            failed(e);
            throw e;
        }
        return interpret(reply, label, twoPhase);
    }

    private LoadResult interpret(HttpReply reply, String label, boolean twoPhase) {
        JsonNode r = Responses.parse(reply, "stream load of " + label, label);
        String status = r.path("Status").asText(null);
        if (status == null) {
            // an FE answer ({"status":"FAILED","msg":...} or {"msg","code","data"}) instead of a BE one
            String msg = r.path("msg").asText(r.toString()) + (r.path("data").isTextual() ? ": " + r.path("data").asText() : "");
            throw new TransportException("stream load of " + label + " refused by " + reply.uri() + ": " + msg, !Responses.isFinal(msg), label);
        }
        String message = r.path("Message").asText("");
        long txnId = r.path("TxnId").asLong(-1);
        long loaded = r.path("NumberLoadedRows").asLong(0);
        long filtered = r.path("NumberFilteredRows").asLong(0);
        switch (status) {
            case "Success":
                return twoPhase && r.path("TwoPhaseCommit").asText("false").equals("true")
                        ? new LoadResult.Precommitted(txnId, loaded, filtered)
                        : new LoadResult.Committed(txnId, loaded, filtered, false);
            case "Publish Timeout":
                return new LoadResult.Committed(txnId, loaded, filtered, true);
            case "Label Already Exists":
                return new LoadResult.LabelExists(r.path("ExistingJobStatus").asText("RUNNING"), Responses.txnOf(message));
            default:
                if (Responses.isDataQuality(message)) {
                    String url = r.path("ErrorURL").asText("");
                    String first = r.path("FirstErrorMsg").asText("");
                    throw new TransportException("stream load of " + label + " rejected bad data: " + message
                            + (first.isEmpty() ? "" : "; first error: " + first + RejectionAdvice.of(first))
                            + (url.isEmpty() ? "" : "; first rejected rows (" + url + "):\n" + errorRows(url)) 
                            + "\nFix the data or the column types; the batch will not be retried.", false, label);
                }
                throw new TransportException("stream load of " + label + " failed (" + status + "): " + message,
                        !Responses.isFinal(message), label);
        }
    }

    /** The first rows of an error log, or a note why they could not be read. */
    String errorRows(String url) {
        try {
            URI uri = Redact.withoutUserInfo(URI.create(url));
            StreamLoadSettings.Address mapped = http.map(new StreamLoadSettings.Address(uri.getHost(), uri.getPort()));
            uri = new URI(uri.getScheme(), null, mapped.host(), mapped.port(), uri.getPath(), uri.getQuery(), null);
            HttpReply reply = http.send("GET", uri, Map.of(), null, 0, settings.readTimeout());
            String[] lines = reply.body().split("\n", ERROR_ROWS + 1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(ERROR_ROWS, lines.length); i++) {
                sb.append("  ").append(Targets.abbreviate(lines[i])).append('\n');
            }
            return sb.toString();
        } catch (HopException | java.net.URISyntaxException | IllegalArgumentException e) {
            return "  (error log unreadable: " + e.getMessage() + ")\n";
        }
    }

    /** The outcome of a two-phase commit request. */
    public enum CommitOutcome { COMMITTED, ALREADY_COMMITTED, GONE }

    /** Commits a precommitted load by txn id (or label when the id is unknown). */
    public CommitOutcome commit(DorisTableId table, String label, long txnId) throws HopException {
        JsonNode r = twoPhase(table, label, txnId, "commit");
        String status = r.path("status").asText("");
        String msg = r.path("msg").asText(r.toString());
        if (status.equalsIgnoreCase("Success")) {
            return CommitOutcome.COMMITTED;
        }
        if (Responses.alreadyCommitted(msg)) {
            return CommitOutcome.ALREADY_COMMITTED;
        }
        if (Responses.transactionGone(msg)) {
            return CommitOutcome.GONE;
        }
        throw new TransportException("two-phase commit of " + label + " (txn " + txnId + ") failed: " + status + " " + msg,
                !Responses.isFinal(msg), label);
    }

    /** The outcome of a two-phase abort request. */
    public enum AbortOutcome { ABORTED, ALREADY_COMMITTED }

    /**
     * Aborts a precommitted load by txn id (or label when the id is unknown); an aborted or unknown one
     * counts as aborted, a committed one answers {@link AbortOutcome#ALREADY_COMMITTED}.
     */
    public AbortOutcome abort(DorisTableId table, String label, long txnId) throws HopException {
        JsonNode r = twoPhase(table, label, txnId, "abort");
        String status = r.path("status").asText("");
        String msg = r.path("msg").asText(r.toString());
        if (status.equalsIgnoreCase("Success") || Responses.transactionGone(msg)) {
            return AbortOutcome.ABORTED;
        }
        if (Responses.alreadyCommitted(msg)) {
            return AbortOutcome.ALREADY_COMMITTED;
        }
        throw new TransportException("two-phase abort of " + label + " (txn " + txnId + ") failed: " + status + " " + msg,
                !Responses.isFinal(msg), label);
    }

    private JsonNode twoPhase(DorisTableId table, String label, long txnId, String operation) throws HopException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (txnId >= 0) {
            headers.put("txn_id", Long.toString(txnId));
        } else {
            headers.put("label", label);
        }
        headers.put("txn_operation", operation);
        URI base = targets.direct() ? targets.loadBase() : targets.fe();
        URI uri = base.resolve("/api/" + table.database() + "/_stream_load_2pc");
        HttpReply reply;
        try {
            reply = http.send("PUT", uri, headers, null, 0, settings.readTimeout());
        } catch (HopException e) {
            failed(e);
            throw e;
        }
        return Responses.parse(reply, "two-phase " + operation + " of " + label, label);
    }

    /** {@code GET /api/{db}/get_load_state?label=}: UNKNOWN, PREPARE, PRECOMMITTED, COMMITTED, VISIBLE or ABORTED. */
    public String loadState(DorisTableId table, String label) throws HopException {
        if (!targets.hasFe()) {
            return "UNKNOWN";
        }
        URI uri = targets.fe().resolve("/api/" + table.database() + "/get_load_state?label=" + URLEncoder.encode(label, StandardCharsets.UTF_8));
        HttpReply reply;
        try {
            reply = http.send("GET", uri, Map.of(), null, 0, settings.readTimeout());
        } catch (HopException e) {
            targets.feFailed(e.uri());
            throw e;
        }
        JsonNode r = Responses.parse(reply, "load state of " + label, label);
        if (r.path("code").asInt(-1) != 0) {
            String msg = r.path("msg").asText(r.toString()) + " " + r.path("data").asText("");
            throw new TransportException("load state of " + label + ": " + msg, !Responses.isFinal(msg), label);
        }
        return r.path("data").asText("UNKNOWN");
    }

    private void failed(HopException e) {
        if (e.hop() == 0 && !targets.direct()) {
            targets.feFailed(e.uri());
        } else {
            targets.backendFailed();
        }
    }
}
