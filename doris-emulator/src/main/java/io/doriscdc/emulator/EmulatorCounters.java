package io.doriscdc.emulator;

/**
 * A snapshot of the emulator's counters since start.
 *
 * @param feRedirects     307 answers the FE gave
 * @param loadsBegun      BE loads that began a transaction
 * @param loadsSucceeded  loads answered {@code Success} or {@code Publish Timeout}
 * @param loadsFailed     loads answered with any other status (including {@code Label Already Exists})
 * @param txnsCommitted   transactions that became COMMITTED or VISIBLE (including 2PC commits)
 * @param txnsAborted     transactions that were aborted (failures, 2PC aborts, pre-commit timeouts)
 * @param bytesReceived   BE load body bytes received
 * @param rowsLoaded      rows loaded by successful loads
 * @param rowsFiltered    rows filtered by all loads
 * @param sqlStatements   SQL statements executed (HTTP or Java API)
 *
 * <p>Immutable and thread-safe.
 */
public record EmulatorCounters(long feRedirects, long loadsBegun, long loadsSucceeded, long loadsFailed,
                               long txnsCommitted, long txnsAborted, long bytesReceived, long rowsLoaded,
                               long rowsFiltered, long sqlStatements) {
}
