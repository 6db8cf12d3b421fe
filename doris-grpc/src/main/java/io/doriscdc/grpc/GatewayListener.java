package io.doriscdc.grpc;

/**
 * Hooks of the ingest gateway for metrics and logging, every one a no-op by default. Called from gRPC
 * event-loop and Stream Load threads, possibly concurrently: implementations must be thread-safe and
 * fast, must never block (a blocked event loop stalls every call on it), and must not throw (an
 * exception is logged and ignored).
 */
public interface GatewayListener {

    /** A listener that ignores everything. */
    GatewayListener NONE = new GatewayListener() {
    };

    /** A Load call's header arrived; its Stream Load starts now. */
    default void loadStarted(String label, long payloadBytes) {
    }

    /** A chunk of a load's payload arrived; {@code received} bytes of {@code payloadBytes} so far. */
    default void chunkReceived(String label, long received, long payloadBytes) {
    }

    /** A load ended: {@code status} is a {@code LoadStatus} name, or a gRPC status code name when the call failed. */
    default void loadFinished(String label, String status, long elapsedMillis) {
    }
}
