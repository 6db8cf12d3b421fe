package io.doriscdc.grpc;

/**
 * A snapshot of the gateway's counters. Immutable and thread-safe.
 *
 * @param loadsInFlight Load calls between header and reply
 * @param loadsSucceeded loads answered COMMITTED, COMMITTED_PUBLISH_PENDING or ALREADY_COMMITTED
 * @param loadsFailed loads answered FAILED or ended by a gRPC error (cancelled, deadline, bad request)
 * @param bytesReceived payload bytes received
 * @param bufferedBytes payload bytes reserved from the buffer budget now
 * @param peakBufferedBytes the most payload bytes ever reserved at once
 * @param bufferBudget the buffer budget ({@code max-buffer})
 * @param waitingForBuffer loads waiting for budget before they may ask for their next chunk
 * @param bufferWaits chunk reservations that had to wait for budget, since the start
 */
public record GatewayStats(int loadsInFlight, long loadsSucceeded, long loadsFailed, long bytesReceived, long bufferedBytes,
                           long peakBufferedBytes, long bufferBudget, int waitingForBuffer, long bufferWaits) {
}
