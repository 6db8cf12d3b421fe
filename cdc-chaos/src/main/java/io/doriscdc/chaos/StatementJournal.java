package io.doriscdc.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DDL the writers issued (TRUNCATE, CREATE, ALTER, DROP), with the session and the time since the
 * journal began: the statement part of a run's schedule. Each session draws its statements from its
 * own seeded sequence, so a seed replays them; their interleaving comes from the machine. Thread-safe.
 */
final class StatementJournal {

    private final long startNanos = System.nanoTime();
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Integer> kinds = new TreeMap<>();

    /** Records {@code statement} when it is DDL; other statements are ignored. */
    void offer(String statement) {
        String kind = kind(statement);
        if (kind == null) {
            return;
        }
        String line = String.format("%7.1fs %s: %s", (System.nanoTime() - startNanos) / 1e9, Thread.currentThread().getName(),
                statement.length() > 160 ? statement.substring(0, 160) + " …" : statement);
        synchronized (this) {
            lines.add(line);
            kinds.merge(kind, 1, Integer::sum);
        }
    }

    static String kind(String statement) {
        String s = statement.stripLeading().toUpperCase(Locale.ROOT);
        if (s.startsWith("TRUNCATE")) {
            return "TRUNCATE";
        }
        if (s.startsWith("ALTER TABLE")) {
            return s.contains(" DETACH PARTITION") ? "DETACH PARTITION" : s.contains(" ATTACH PARTITION") ? "ATTACH PARTITION" : "ALTER TABLE";
        }
        if (s.startsWith("CREATE TABLE")) {
            return "CREATE TABLE";
        }
        return s.startsWith("DROP TABLE") ? "DROP TABLE" : null;
    }

    /** {@code ATTACH PARTITION=12, TRUNCATE=4, ...}. */
    synchronized String counts() {
        return kinds.isEmpty() ? "none" : kinds.toString().replaceAll("[{}]", "");
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
