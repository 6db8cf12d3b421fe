package io.doriscdc.emulator;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Injects faults into the emulator so that clients' error handling can be tested. Each
 * {@code ...Next}/{@code (int n)} fault applies to the next {@code n} matching requests, then
 * disarms itself; the others last until {@link #clear()}.
 *
 * <p>Thread-safe: faults may be armed while loads are running; a load picks up a fault when its
 * headers arrive (or, for response faults, when it answers).
 */
public interface FaultInjector {

    /** The next {@code n} BE loads read their body, abort their transaction and answer {@code status}/{@code message}. */
    FaultInjector failNextLoads(int n, String status, String message);

    /** The next {@code n} BE loads commit, then answer {@code Status: Publish Timeout} (§1.3); the transaction stays COMMITTED for a moment, then becomes VISIBLE. */
    FaultInjector publishTimeoutNext(int n);

    /** Every BE load and 2PC response is delayed by {@code delay} (after the transaction was decided) until {@link #clear()}. */
    FaultInjector delayResponses(Duration delay);

    /** The next {@code n} BE loads have their connection reset as soon as body bytes arrive; their transaction is aborted. */
    FaultInjector resetMidBody(int n);

    /** The next {@code n} BE loads commit, then have their connection reset before any response: the ambiguous case. */
    FaultInjector resetAfterCommit(int n);

    /** BE body reads are throttled to about {@code bytesPerSecond} per connection until {@link #clear()}; 0 turns it off. */
    FaultInjector slowReads(int bytesPerSecond);

    /** The next {@code n} FE redirects point at a port where no BE listens. */
    FaultInjector redirectToDeadBackend(int n);

    /** The next {@code n} FE requests are answered with HTTP {@code httpStatus} (500..599). */
    FaultInjector feServerError(int n, int httpStatus);

    /**
     * Runs {@code beforeApply} and {@code afterApply} synchronously on the FE's handler thread around
     * every statement sent to the SQL endpoint ({@code POST /api/query/...}) that {@code statement}
     * accepts, until {@link #clear()}, so that a test can kill a client at an exact point of a statement
     * (for example SIGKILL a pipeline process while its TRUNCATE is being applied). Statements run through
     * {@link DorisEmulator#sql} are not hooked. When {@code beforeApply} throws, the statement is not applied
     * and is answered as failed with the exception's message; {@code afterApply} runs only after a statement
     * that succeeded, before its answer is sent. Either action may be null.
     */
    FaultInjector onSql(Predicate<String> statement, Runnable beforeApply, Runnable afterApply);

    /**
     * Runs {@code afterCommit} synchronously on the BE's handler thread after each load into
     * {@code db.table} has committed (its rows are applied), before the load is answered, until
     * {@link #clear()}. Loads with two-phase commit are not hooked (they commit through
     * {@code _stream_load_2pc}).
     */
    FaultInjector onLoadCommitted(String db, String table, Runnable afterCommit);

    /** Disarms every fault. */
    FaultInjector clear();
}
