/**
 * The Stream Load transport (scheme {@code streamload}): delivers batches of changes into Apache Doris
 * over HTTP Stream Load, with deterministic labels, optional two-phase commit and bounded retries.
 *
 * <p>Public API: {@link io.doriscdc.streamload.StreamLoadTransportProvider} (found by
 * {@link java.util.ServiceLoader}), {@link io.doriscdc.streamload.StreamLoadSettings} (every setting,
 * its default and its meaning) and {@link io.doriscdc.streamload.StreamLoadTransport}. Everything in
 * {@code io.doriscdc.streamload.internal} may change without notice.
 */
package io.doriscdc.streamload;
