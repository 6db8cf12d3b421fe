package io.doriscdc.chaos;

import java.util.concurrent.atomic.LongAdder;

/** What the writers did, counted as they go. Thread-safe. */
final class WorkloadStats {
    final LongAdder committed = new LongAdder();
    final LongAdder rolledBack = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder connectionLosses = new LongAdder();
    final LongAdder statements = new LongAdder();
    final LongAdder rowsChanged = new LongAdder();
    final LongAdder longTransactions = new LongAdder();
    final LongAdder savepointTransactions = new LongAdder();
    final LongAdder copies = new LongAdder();
    final LongAdder bigTransactions = new LongAdder();
    final LongAdder truncates = new LongAdder();
    final WriterFailures failures = new WriterFailures();
    final StatementJournal ddl = new StatementJournal();

    @Override
    public String toString() {
        return committed.sum() + " transactions committed, " + rolledBack.sum() + " rolled back on purpose, " + failed.sum()
                + " failed (conflicts, lost connections: " + failures.counts() + "), " + rowsChanged.sum() + " row changes in " + statements.sum()
                + " statements; of them " + longTransactions.sum() + " long, " + savepointTransactions.sum() + " with savepoints, "
                + copies.sum() + " COPY, " + bigTransactions.sum() + " big (streamed), " + truncates.sum() + " TRUNCATE";
    }
}
