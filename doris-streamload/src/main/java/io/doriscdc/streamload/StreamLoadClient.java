package io.doriscdc.streamload;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.streamload.internal.DeliveryRunner;
import io.doriscdc.streamload.internal.DorisApi;
import io.doriscdc.streamload.internal.FeSqlEndpoint;
import io.doriscdc.streamload.internal.HopException;
import io.doriscdc.streamload.internal.HttpFacade;
import io.doriscdc.streamload.internal.Targets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Doris side of Stream Load without the encoders: loads of {@link StreamLoadPayload}s under their
 * labels (FE redirect or straight into BEs, two-phase commit, retries with the same label, outcomes),
 * the two-phase {@code commit}/{@code abort} and {@code get_load_state} calls, and the FE's SQL
 * endpoint. The streamload transport is built on it, and so is the ingest gateway, which streams a
 * client's bytes through {@link LoadBody}s that are read once. Creating one performs no I/O.
 *
 * <p>Thread-safe. Loads run on the client's own threads ({@code io-threads}); a streamed body holds its
 * thread until the body ends.
 */
public final class StreamLoadClient implements AutoCloseable {

    /** What a two-phase {@code commit} or {@code abort} found. */
    public enum TxnOutcome {
        /** {@code commit}: this call committed the precommitted load. */
        COMMITTED,
        /** {@code commit}: the load was committed (or visible) already. */
        ALREADY_COMMITTED,
        /** {@code abort}: the load is aborted now, by this call or before, or Doris does not know it. */
        ABORTED,
        /** {@code commit}: nothing precommitted under this label or id (it was aborted, expired or never existed). */
        NOT_FOUND
    }

    private final StreamLoadSettings settings;
    private final HttpFacade http;
    private final DorisApi api;
    private final DeliveryRunner runner;
    private final Optional<SqlEndpoint> sql;

    private StreamLoadClient(StreamLoadSettings settings, String threadName, int threads) {
        this.settings = settings;
        this.http = new HttpFacade(settings, threads);
        Targets targets = new Targets(settings, http);
        this.api = new DorisApi(settings, http, targets);
        this.runner = new DeliveryRunner(settings, api, threadName, threads);
        this.sql = targets.hasFe() ? Optional.of(new FeSqlEndpoint(settings, http, targets)) : Optional.empty();
    }

    /** A client with these settings and {@code io-threads} threads named {@code threadName-N-M}; no I/O happens until the first call. */
    public static StreamLoadClient create(StreamLoadSettings settings, String threadName) {
        return create(settings, threadName, settings.ioThreads());
    }

    /** As {@link #create(StreamLoadSettings, String)} with {@code threads} threads (loads at once, streamed bodies included). */
    public static StreamLoadClient create(StreamLoadSettings settings, String threadName, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        return new StreamLoadClient(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(threadName, "threadName"), threads);
    }

    public StreamLoadSettings settings() {
        return settings;
    }

    /**
     * Loads a batch: its parts in order, each under its own label, committed (two-phase when asked)
     * before the next starts, retried with the same label within the settings' limits. Never blocks.
     * The future completes with the receipt once every part is committed, or with a
     * {@link TransportException}; cancelling it aborts the request in flight.
     *
     * @param timeout Doris's load {@code timeout} (rounded up to seconds) and the time an answer may take
     * @throws IllegalArgumentException if the payload is not a {@link StreamLoadPayload}
     */
    public CompletableFuture<DeliveryReceipt> load(Batch batch, boolean twoPhaseCommit, Duration timeout, PipelineListener listener) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(listener, "listener");
        if (!(batch.payload() instanceof StreamLoadPayload)) {
            throw new IllegalArgumentException("batch " + batch.label() + " was encoded by another transport ("
                    + batch.payload().getClass().getName() + "); encode it with StreamLoadEncoding.newEncoder()");
        }
        if (runner.isClosed()) {
            return CompletableFuture.failedFuture(new TransportException("Stream Load client is closed", false, batch.label()));
        }
        return runner.submit(batch, listener, twoPhaseCommit, timeout);
    }

    /**
     * Commits a precommitted load by transaction id, or by label when {@code txnId < 0}: answers
     * {@link TxnOutcome#COMMITTED}, {@link TxnOutcome#ALREADY_COMMITTED} or {@link TxnOutcome#NOT_FOUND}.
     *
     * @throws TransportException when Doris refuses or does not answer (retryable unless final)
     */
    public TxnOutcome commit(DorisTableId table, String label, long txnId) {
        try {
            return switch (api.commit(table, label, txnId)) {
                case COMMITTED -> TxnOutcome.COMMITTED;
                case ALREADY_COMMITTED -> TxnOutcome.ALREADY_COMMITTED;
                // a label resolves only to a PRECOMMITTED txn (research §2): ask whether it is gone or already committed
                case GONE -> switch (api.loadState(table, label)) {
                    case "COMMITTED", "VISIBLE" -> TxnOutcome.ALREADY_COMMITTED;
                    default -> TxnOutcome.NOT_FOUND;
                };
            };
        } catch (HopException e) {
            throw new TransportException("two-phase commit of " + label + " got no answer: " + e.getMessage(), true, label, e);
        }
    }

    /**
     * Aborts a precommitted load by transaction id, or by label when {@code txnId < 0}; an aborted or
     * unknown load answers {@link TxnOutcome#ABORTED}.
     *
     * @throws TransportException not retryable when the load is committed already (it cannot be aborted);
     *     retryable when Doris does not answer, or refuses for a reason that may pass
     */
    public TxnOutcome abort(DorisTableId table, String label, long txnId) {
        try {
            if (api.abort(table, label, txnId) == DorisApi.AbortOutcome.ALREADY_COMMITTED) {
                throw new TransportException("cannot abort " + label + ": it is committed already", false, label);
            }
            return TxnOutcome.ABORTED;
        } catch (HopException e) {
            throw new TransportException("two-phase abort of " + label + " got no answer: " + e.getMessage(), true, label, e);
        }
    }

    /**
     * The Doris state of a label ({@code get_load_state}): UNKNOWN, PREPARE, PRECOMMITTED, COMMITTED,
     * VISIBLE or ABORTED; UNKNOWN when only BEs are configured (no FE to ask).
     */
    public String loadState(String database, String label) {
        try {
            return api.loadState(DorisTableId.of(database, "unused"), label);
        } catch (HopException e) {
            throw new TransportException("load state of " + label + " got no answer: " + e.getMessage(), true, label, e);
        }
    }

    /** The FE's SQL endpoint; empty when only {@code be} addresses were configured. */
    public Optional<SqlEndpoint> sql() {
        return sql;
    }

    /** Fails loads waiting for a retry, waits up to the load timeout for requests in flight, then releases connections and threads. */
    @Override
    public void close() {
        runner.close(settings.loadTimeout());
        http.close();
    }

    @Override
    public String toString() {
        return "StreamLoadClient" + settings;
    }
}
