package io.doriscdc.grpc.internal;

import java.time.Duration;

/**
 * The per-load limits of a gateway.
 *
 * @param maxChunk the largest chunk a client may send (and the most reserved per chunk)
 * @param loadTimeout Doris's load timeout when the client's deadline is later or absent
 * @param idleTimeout how long a load's body may wait for its next chunk before the load is aborted
 */
public record GatewayLimits(int maxChunk, Duration loadTimeout, Duration idleTimeout) {
}
