package io.doriscdc.emulator.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Function;

import io.doriscdc.emulator.FaultInjector;

/** The armed faults. Thread-safe: counted faults are claimed atomically, one per request. */
public final class Faults implements FaultInjector {

    /** A scripted failure: the status and message to answer. */
    record Failure(String status, String message) {
    }

    private final AtomicInteger failLoads = new AtomicInteger();
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private final AtomicInteger publishTimeouts = new AtomicInteger();
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger resetMidBody = new AtomicInteger();
    private final AtomicInteger resetAfterCommit = new AtomicInteger();
    private final AtomicInteger slowReadBps = new AtomicInteger();
    private final AtomicInteger deadRedirects = new AtomicInteger();
    private final AtomicInteger feErrors = new AtomicInteger();
    private final AtomicInteger feErrorStatus = new AtomicInteger(500);
    private final List<SqlHook> sqlHooks = new CopyOnWriteArrayList<>();
    private final List<LoadHook> loadHooks = new CopyOnWriteArrayList<>();

    private record SqlHook(Predicate<String> statement, Runnable before, Runnable after) {
    }

    private record LoadHook(String db, String table, Runnable afterCommit) {
    }

    @Override
    public FaultInjector failNextLoads(int n, String status, String message) {
        requireCount(n);
        if (status == null || status.isBlank() || message == null) {
            throw new IllegalArgumentException("failNextLoads needs a non-blank status and a message, got status=" + status + ", message=" + message);
        }
        failure.set(new Failure(status, message));
        failLoads.set(n);
        return this;
    }

    @Override
    public FaultInjector publishTimeoutNext(int n) {
        publishTimeouts.set(requireCount(n));
        return this;
    }

    @Override
    public FaultInjector delayResponses(Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("delayResponses needs a duration >= 0, got " + d);
        }
        delay.set(d);
        return this;
    }

    @Override
    public FaultInjector resetMidBody(int n) {
        resetMidBody.set(requireCount(n));
        return this;
    }

    @Override
    public FaultInjector resetAfterCommit(int n) {
        resetAfterCommit.set(requireCount(n));
        return this;
    }

    @Override
    public FaultInjector slowReads(int bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("slowReads needs bytesPerSecond >= 0 (0 = off), got " + bytesPerSecond);
        }
        slowReadBps.set(bytesPerSecond);
        return this;
    }

    @Override
    public FaultInjector redirectToDeadBackend(int n) {
        deadRedirects.set(requireCount(n));
        return this;
    }

    @Override
    public FaultInjector feServerError(int n, int httpStatus) {
        if (httpStatus < 500 || httpStatus > 599) {
            throw new IllegalArgumentException("feServerError needs an HTTP status in 500..599, got " + httpStatus);
        }
        feErrorStatus.set(httpStatus);
        feErrors.set(requireCount(n));
        return this;
    }

    @Override
    public FaultInjector onSql(Predicate<String> statement, Runnable beforeApply, Runnable afterApply) {
        if (statement == null) {
            throw new IllegalArgumentException("onSql needs a statement predicate, got null");
        }
        sqlHooks.add(new SqlHook(statement, beforeApply, afterApply));
        return this;
    }

    @Override
    public FaultInjector onLoadCommitted(String db, String table, Runnable afterCommit) {
        if (db == null || table == null || afterCommit == null) {
            throw new IllegalArgumentException("onLoadCommitted needs a database, a table and an action, got " + db + ", " + table + ", " + afterCommit);
        }
        loadHooks.add(new LoadHook(db, table, afterCommit));
        return this;
    }

    @Override
    public FaultInjector clear() {
        sqlHooks.clear();
        loadHooks.clear();
        failLoads.set(0);
        publishTimeouts.set(0);
        delay.set(Duration.ZERO);
        resetMidBody.set(0);
        resetAfterCommit.set(0);
        slowReadBps.set(0);
        deadRedirects.set(0);
        feErrors.set(0);
        return this;
    }

    Failure claimFailure() {
        return claim(failLoads) ? failure.get() : null;
    }

    boolean claimPublishTimeout() {
        return claim(publishTimeouts);
    }

    Duration responseDelay() {
        return delay.get();
    }

    boolean claimResetMidBody() {
        return claim(resetMidBody);
    }

    boolean claimResetAfterCommit() {
        return claim(resetAfterCommit);
    }

    int slowReadBytesPerSecond() {
        return slowReadBps.get();
    }

    boolean claimDeadRedirect() {
        return claim(deadRedirects);
    }

    /** @return the HTTP status to answer, or 0 for none */
    int claimFeError() {
        return claim(feErrors) ? feErrorStatus.get() : 0;
    }

    /**
     * Runs one SQL statement with the {@link #onSql} hooks around it. A before-hook that throws keeps the
     * statement from being applied: it fails as a {@link SqlException} with the hook's message.
     */
    <T> T aroundSql(String statement, Function<String, T> apply) {
        List<SqlHook> hooks = sqlHooks.stream().filter(h -> h.statement().test(statement)).toList();
        for (SqlHook h : hooks) {
            if (h.before() != null) {
                try {
                    h.before().run();
                } catch (RuntimeException e) {
                    throw new SqlException("statement not applied: " + e.getMessage());
                }
            }
        }
        T result = apply.apply(statement);
        hooks.forEach(h -> {
            if (h.after() != null) {
                h.after().run();
            }
        });
        return result;
    }

    /** Runs the {@link #onLoadCommitted} hooks of {@code db.table}. */
    void loadCommitted(String db, String table) {
        for (LoadHook h : loadHooks) {
            if (h.db().equals(db) && h.table().equals(table)) {
                h.afterCommit().run();
            }
        }
    }

    private static boolean claim(AtomicInteger counter) {
        return counter.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }

    private static int requireCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("fault count must be >= 0, got " + n);
        }
        return n;
    }
}
