/**
 * End-to-end harnesses (plain {@code main} classes, not JMH): {@link io.doriscdc.bench.e2e.EndToEndHarness}
 * (slot drain: the pipeline against {@code pg_recvlogical} on the same WAL, with the pipeline's peak RSS),
 * {@link io.doriscdc.bench.e2e.LatencyHarness} (commit-to-visible per row under steady load and for lone
 * transactions), {@link io.doriscdc.bench.e2e.SnapshotHarness} (initial copy against raw binary {@code COPY TO})
 * and {@link io.doriscdc.bench.e2e.EmulatorIngestHarness} (JSON Stream Load into the Doris emulator, builds side by
 * side), with the {@code discard} transport they deliver into. Their pipeline JVMs start with the launcher's
 * options ({@link io.doriscdc.bench.e2e.LauncherJvm}). See {@code docs/performance.md}.
 */
package io.doriscdc.bench.e2e;
