package io.doriscdc.grpc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.streamload.StreamLoadSettings;
import io.doriscdc.streamload.StreamLoadTransport;
import io.doriscdc.streamload.internal.DorisApi;
import io.doriscdc.streamload.internal.HopException;
import io.doriscdc.streamload.internal.HttpFacade;
import io.doriscdc.streamload.internal.HttpReply;
import io.doriscdc.streamload.internal.Targets;
import io.doriscdc.grpc.proto.TxnStatus;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The Doris side of the gateway. Loads go through two {@link StreamLoadTransport}s built from the same
 * settings, one with and one without two-phase commit, so labels, pre-commit/commit, retries with the
 * same label and the outcome rules are the HTTP path's own code. The two-phase control calls (commit,
 * abort, load state) go through doris-streamload's {@link DorisApi} and {@link HttpFacade}; abort is not
 * offered there, so it is one {@code _stream_load_2pc} request here. Thread-safe.
 */
public final class DorisBackend implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ALREADY_COMMITTED = Pattern.compile("is already (committed|visible)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ALREADY_ABORTED = Pattern.compile("is already aborted|not found", Pattern.CASE_INSENSITIVE);

    private final StreamLoadSettings settings;
    private final StreamLoadTransport plain;
    private final StreamLoadTransport twoPhase;
    private final HttpFacade http;
    private final Targets targets;
    private final DorisApi api;

    public DorisBackend(StreamLoadSettings settings) {
        this.settings = settings;
        this.plain = StreamLoadTransport.create(withTwoPhase(settings, false), PipelineListener.NONE);
        this.twoPhase = StreamLoadTransport.create(withTwoPhase(settings, true), PipelineListener.NONE);
        this.http = new HttpFacade(settings);
        this.targets = new Targets(settings, http);
        this.api = new DorisApi(settings, http, targets);
    }

    public StreamLoadSettings settings() {
        return settings;
    }

    /** Loads a batch the way the streamload transport does; see {@link StreamLoadTransport#deliver(Batch)}. */
    public CompletableFuture<DeliveryReceipt> load(Batch batch, boolean twoPhaseCommit) {
        return (twoPhaseCommit ? twoPhase : plain).deliver(batch);
    }

    public Optional<SqlEndpoint> sql() {
        return plain.sql();
    }

    /** Commits a precommitted load by txn id (or label when {@code txnId < 0}). */
    public TxnStatus commit(DorisTableId table, String label, long txnId) {
        try {
            return switch (api.commit(table, label, txnId)) {
                case COMMITTED -> TxnStatus.TXN_COMMITTED;
                case ALREADY_COMMITTED -> TxnStatus.TXN_ALREADY_COMMITTED;
                // a label resolves only to a PRECOMMITTED txn (research §2): ask whether it is gone or already committed
                case GONE -> switch (api.loadState(table, label)) {
                    case "COMMITTED", "VISIBLE" -> TxnStatus.TXN_ALREADY_COMMITTED;
                    default -> TxnStatus.TXN_NOT_FOUND;
                };
            };
        } catch (HopException e) {
            throw new TransportException("two-phase commit of " + label + " got no answer: " + e.getMessage(), true, label, e);
        }
    }

    /** Aborts a precommitted load; an aborted or unknown one answers {@link TxnStatus#TXN_ABORTED}. */
    public TxnStatus abort(DorisTableId table, String label, long txnId) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (txnId >= 0) {
            headers.put("txn_id", Long.toString(txnId));
        } else {
            headers.put("label", label);
        }
        headers.put("txn_operation", "abort");
        HttpReply reply;
        try {
            URI base = targets.direct() ? targets.loadBase() : targets.fe();
            reply = http.send("PUT", base.resolve("/api/" + table.database() + "/_stream_load_2pc"), headers, null, 0, settings.readTimeout());
        } catch (HopException e) {
            throw new TransportException("two-phase abort of " + label + " got no answer: " + e.getMessage(), true, label, e);
        }
        JsonNode r;
        try {
            r = JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new TransportException("two-phase abort of " + label + ": unreadable answer (HTTP " + reply.status() + ")", true, label, e);
        }
        String status = r.path("status").asText("");
        String msg = r.path("msg").asText(r.toString());
        if (status.equalsIgnoreCase("Success") || ALREADY_ABORTED.matcher(msg).find()) {
            return TxnStatus.TXN_ABORTED;
        }
        if (ALREADY_COMMITTED.matcher(msg).find()) {
            throw new TransportException("cannot abort " + label + ": " + msg, false, label);
        }
        throw new TransportException("two-phase abort of " + label + " failed: " + status + " " + msg, true, label);
    }

    /** The Doris state of a label: UNKNOWN, PREPARE, PRECOMMITTED, COMMITTED, VISIBLE or ABORTED. */
    public String loadState(DorisTableId table, String label) {
        try {
            return api.loadState(table, label);
        } catch (HopException e) {
            throw new TransportException("load state of " + label + " got no answer: " + e.getMessage(), true, label, e);
        }
    }

    /** Waits for loads in flight (up to the load timeout), then releases connections and threads. */
    @Override
    public void close() {
        plain.close();
        twoPhase.close();
        http.close();
    }

    static StreamLoadSettings withTwoPhase(StreamLoadSettings s, boolean twoPhase) {
        return new StreamLoadSettings(s.fe(), s.be(), s.discoverBackends(), s.user(), s.password(), s.format(), s.csvSeparator(),
                s.compress(), twoPhase, s.connectTimeout(), s.readTimeout(), s.loadTimeout(), s.maxAttempts(), s.maxRetryTime(),
                s.initialBackoff(), s.maxBackoff(), s.scheme(), s.truststore(), s.truststorePassword(), s.beAddressMap(),
                s.nanPolicy(), s.outOfRangePolicy(), s.labelPollTimeout(), s.ioThreads());
    }
}
