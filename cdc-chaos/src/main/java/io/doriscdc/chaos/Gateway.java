package io.doriscdc.chaos;

import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.grpc.IngestGateway;
import java.time.Duration;
import java.util.Map;

/**
 * The ingest gateway ({@code doris-grpc}) in front of the emulator that pipeline processes using the {@code grpc}
 * transport send to; it lives in the run's JVM, so it outlives every SIGKILLed pipeline process and finishes or
 * abandons their loads as a real gateway would. Absent (every method a no-op) when no process uses gRPC. Thread-safe.
 */
final class Gateway implements AutoCloseable {

    private final IngestGateway gateway;

    private Gateway(IngestGateway gateway) {
        this.gateway = gateway;
    }

    static Gateway startIf(boolean needed, DorisEmulator emu, RunLog log) {
        if (!needed) {
            return new Gateway(null);
        }
        IngestGateway g = IngestGateway.builder().bind("127.0.0.1").port(0)
                .doris(TransportConfig.of(Map.of("fe", "127.0.0.1:" + emu.feHttpPort(), "max-attempts", "12", "initial-backoff", "50ms",
                        "max-backoff", "1s", "label-poll-timeout", "20s")))
                .drainTimeout(Duration.ofSeconds(10)).start();
        log.line("ingest gateway for the grpc transport on 127.0.0.1:" + g.port());
        return new Gateway(g);
    }

    /** {@code host:port} for the grpc transport's {@code targets}. */
    String target() {
        if (gateway == null) {
            throw new IllegalStateException("no ingest gateway runs: no transport of this run is grpc");
        }
        return "127.0.0.1:" + gateway.port();
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
