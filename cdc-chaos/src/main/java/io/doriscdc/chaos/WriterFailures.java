package io.doriscdc.chaos;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The statements the writers saw fail, counted by SQLSTATE, and the bounds a run holds them to: the
 * conflicts concurrent sessions cause by design are expected (up to {@link #MAX_FAILED_SHARE} of the
 * transactions tried), connection losses only around PostgreSQL restarts (a few per session and restart),
 * any other SQLSTATE fails the run. Thread-safe.
 */
final class WriterFailures {

    /**
     * More failures than this share of the transactions tried fails the run, whatever their SQLSTATE. A build run
     * sees about 7% (2026-12-07, seed 4467956114215312237: 238 rows whose partition was detached, 166 key collisions,
     * 6 lost connections in 5,647 transactions).
     */
    static final double MAX_FAILED_SHARE = 0.15;
    /** Connection losses each session may see per PostgreSQL restart (its statement, then a reconnect that races recovery). */
    static final int LOSSES_PER_SESSION_AND_RESTART = 3;

    /** Conflicts the workload provokes on purpose, and what provokes them. */
    static final Map<String, String> EXPECTED = Map.of(
            "40001", "serialization failure",
            "40P01", "deadlock between writers",
            "55P03", "lock_timeout behind another session's DDL or long transaction",
            "23505", "a key change that collides with another writer's key",
            "23514", "a row whose partition was detached meanwhile",
            "42P01", "a partition dropped meanwhile",
            "55006", "a partition in use by another session's DDL");

    private final ConcurrentMap<String, LongAdder> byState = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> firstMessage = new ConcurrentHashMap<>();

    void record(SQLException e) {
        String state = state(e);
        byState.computeIfAbsent(state, k -> new LongAdder()).increment();
        firstMessage.putIfAbsent(state, String.valueOf(e.getMessage()));
    }

    /** SQLSTATE, or {@code connection} for a lost connection without one (the driver's I/O error). */
    static String state(SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.isBlank()) {
            return Session.lostConnection(e) ? "08000" : "none";
        }
        return state;
    }

    static boolean connectionLoss(String state) {
        return state.startsWith("08") || state.startsWith("57P");
    }

    long total() {
        return byState.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** {@code 40P01=3 55P03=1 ...}, sorted. */
    String counts() {
        Map<String, Long> sorted = new TreeMap<>();
        byState.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted.isEmpty() ? "none" : sorted.toString();
    }

    /** Why the writers' failures break the run's bounds; empty when they do not. */
    List<String> problems(long tried, int sessions, int pgRestarts) {
        List<String> p = new ArrayList<>();
        long losses = 0;
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(byState).entrySet()) {
            String state = e.getKey();
            long n = e.getValue().sum();
            if (connectionLoss(state)) {
                losses += n;
            } else if (!EXPECTED.containsKey(state)) {
                p.add("writers failed " + n + " time(s) with SQLSTATE " + state + ", which the workload does not expect; first: "
                        + firstMessage.get(state));
            }
        }
        long allowedLosses = (long) sessions * pgRestarts * LOSSES_PER_SESSION_AND_RESTART;
        if (losses > allowedLosses) {
            p.add("writers lost their connection " + losses + " time(s), " + (pgRestarts == 0 ? "without a PostgreSQL restart"
                    : "more than " + allowedLosses + " for " + pgRestarts + " PostgreSQL restart(s) and " + sessions + " sessions"));
        }
        long bound = Math.max(20, (long) (tried * MAX_FAILED_SHARE));
        if (total() > bound) {
            p.add("writers failed " + total() + " times, more than " + bound + " (" + (int) (MAX_FAILED_SHARE * 100) + "% of "
                    + tried + " transactions tried): " + counts());
        }
        return p;
    }
}
