package io.doriscdc.grpc;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.grpc.internal.GatewayCounters;
import io.doriscdc.grpc.internal.GatewayLimits;
import io.doriscdc.grpc.internal.IngestService;
import io.doriscdc.grpc.internal.MemoryBudget;
import io.doriscdc.grpc.internal.SqlService;
import io.doriscdc.grpc.internal.TokenAuth;
import io.doriscdc.grpc.proto.DorisIngestGrpc;
import io.doriscdc.streamload.StreamLoadClient;
import io.doriscdc.streamload.StreamLoadSettings;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gateway: a gRPC server, deployed next to the Doris BEs, that streams each {@code Load} call
 * of the {@code grpc} transport into one Stream Load through doris-streamload's {@link StreamLoadClient}
 * (labels, two-phase commit, outcomes: the HTTP path's own code). It also serves {@code Commit},
 * {@code Abort} and {@code LoadState} for two-phase loads, {@code DorisSql.Execute} (the FE SQL endpoint)
 * and the standard {@code grpc.health.v1.Health} service.
 *
 * <pre>{@code
 * try (IngestGateway gw = IngestGateway.builder().port(0)
 *         .doris(StreamLoadSettings.from(TransportConfig.of(Map.of("fe", "fe1:8030", "user", "root"))))
 *         .token("s3cret").start()) {
 *     // grpc transport: targets=127.0.0.1:<gw.port()>, token=s3cret
 * }
 * }</pre>
 *
 * <p>Memory: a load's chunks are asked for only as Doris reads its body, each after its bytes were
 * reserved from a budget of {@code maxBuffer} bytes, so when Doris is slow the clients are held back by
 * gRPC flow control instead of the gateway buffering more, and a load of any size passes through.
 * Besides the budget, gRPC holds at most one flow-control window (the chunk limit) per open stream. At
 * most {@code maxLoads} loads stream into Doris at once; later calls wait, paused.
 *
 * <p>Thread-safe. {@link #close()} is graceful: it reports NOT_SERVING, refuses new calls, lets loads in
 * flight finish for up to the drain timeout, then stops.
 */
public final class IngestGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);

    private final Server server;
    private final StreamLoadClient doris;
    private final MemoryBudget budget;
    private final GatewayCounters counters;
    private final HealthStatusManager health;
    private final Duration drainTimeout;
    private volatile boolean closed;

    private IngestGateway(Server server, StreamLoadClient doris, MemoryBudget budget, GatewayCounters counters, HealthStatusManager health,
                          Duration drainTimeout) {
        this.server = server;
        this.doris = doris;
        this.budget = budget;
        this.counters = counters;
        this.health = health;
        this.drainTimeout = drainTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a gateway from flat settings, as {@code doris-cdc gateway} does; see {@link GatewaySettings}
     * for the keys.
     */
    public static IngestGateway start(GatewaySettings settings) {
        Builder b = builder().bind(settings.bind()).port(settings.port()).doris(settings.doris()).maxBuffer(settings.maxBuffer())
.maxLoads(settings.maxLoads())
                .maxChunk(settings.maxChunk()).drainTimeout(settings.drainTimeout()).sql(settings.sql());
        settings.token().ifPresent(b::token);
        settings.tlsCert().ifPresent(cert -> b.tls(cert, settings.tlsKey().orElseThrow()));
        settings.clientCa().ifPresent(b::clientCa);
        return b.start();
    }

    /**
     * Runs a gateway until the process is stopped (SIGTERM drains loads in flight). The one argument is a
     * properties file of {@link GatewaySettings} keys; {@code key=value} arguments override it.
     */
    public static void main(String[] args) throws InterruptedException {
        IngestGateway gw = start(GatewaySettings.fromArgs(args));
        Runtime.getRuntime().addShutdownHook(new Thread(gw::close, "doris-cdc-gateway-shutdown"));
        LOG.info("doris-cdc ingest gateway listening on port {}", gw.port());
        gw.awaitTermination();
    }

    /** The port the gateway listens on (the chosen one when the builder said 0). */
    public int port() {
        return server.getPort();
    }

    public GatewayStats stats() {
        return new GatewayStats(counters.inFlight(), counters.loadsSucceeded(), counters.loadsFailed(), counters.bytesReceived(),
                budget.used(), budget.peak(), budget.capacity(), budget.waiting(), budget.waited());
    }

    /** Blocks until the gateway has stopped. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /**
     * Graceful stop: NOT_SERVING, no new calls, loads in flight finish (up to the drain timeout), then
     * the Stream Load clients close. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} load(s) still running after the drain timeout {}; stopping them (their clients retry under the same labels)",
                        counters.inFlight(), drainTimeout);
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        doris.close();
    }

    /**
     * Abrupt stop, as when the process dies: calls in flight are cancelled at once; loads already sent to
     * Doris finish there in the background. For tests and emergencies.
     */
    public void kill() {
        closed = true;
        health.enterTerminalState();
        server.shutdownNow();
        Thread t = new Thread(doris::close, "doris-cdc-gateway-kill");
        t.setDaemon(true);
        t.start();
    }

    /** Configures a gateway. Setters validate at once, naming the bad value. Not thread-safe. */
    public static final class Builder {
        private String bind = "0.0.0.0";
        private int port = 9095;
        private StreamLoadSettings doris;
        private String token;
        private Path certChain;
        private Path privateKey;
        private Path clientCa;
        private long maxBuffer = 256L << 20;
        private int maxChunk = 4 << 20;
        private int maxLoads = 64;
        private Duration drainTimeout = Duration.ofSeconds(60);
        private boolean sql = true;
        private GatewayListener listener = GatewayListener.NONE;

        private Builder() {
        }

        /** Address to listen on (default all interfaces). */
        public Builder bind(String host) {
            this.bind = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port (default 9095); 0 picks a free one, see {@link IngestGateway#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new ConfigException("gateway port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** How the gateway reaches Doris: the settings of the streamload transport. Required. */
        public Builder doris(StreamLoadSettings settings) {
            this.doris = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** As {@link #doris(StreamLoadSettings)}, from streamload transport settings ({@code fe}, {@code be}, {@code user}, ...). */
        public Builder doris(TransportConfig streamloadSettings) {
            return doris(StreamLoadSettings.from(streamloadSettings));
        }

        /** Clients must send this bearer token (the grpc transport's {@code token}). */
        public Builder token(String token) {
            if (token == null || token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new ConfigException("gateway token must be non-empty printable ASCII without spaces");
            }
            this.token = token;
            return this;
        }

        /** Serves TLS with this PEM certificate chain and PKCS#8 PEM private key. */
        public Builder tls(Path certChain, Path privateKey) {
            this.certChain = readable("tls-cert", certChain);
            this.privateKey = readable("tls-key", privateKey);
            return this;
        }

        /** Requires client certificates signed by this PEM CA (mTLS); needs {@link #tls(Path, Path)}. */
        public Builder clientCa(Path caCert) {
            this.clientCa = readable("client-ca", caCert);
            return this;
        }

        /** Payload bytes held at once across all loads (default 256 MiB); a load larger than this is refused. */
        public Builder maxBuffer(long bytes) {
            if (bytes < 1 << 16) {
                throw new ConfigException("gateway max-buffer must be at least 65536 bytes, got " + bytes);
            }
            this.maxBuffer = bytes;
            return this;
        }

        /** Largest chunk message and the HTTP/2 flow-control window per stream (default 4 MiB). */
        public Builder maxChunk(int bytes) {
            if (bytes < 1 << 16 || bytes > 64 << 20) {
                throw new ConfigException("gateway max-chunk must be 64 KiB..64 MiB, got " + bytes);
            }
            this.maxChunk = bytes;
            return this;
        }

        /**
         * Loads streamed into Doris at once (default 64): each holds one Stream Load connection and thread
         * while its body streams; the calls beyond wait, paused, until one ends.
         */
        public Builder maxLoads(int loads) {
            if (loads < 1 || loads > 4096) {
                throw new ConfigException("gateway max-loads must be 1..4096, got " + loads);
            }
            this.maxLoads = loads;
            return this;
        }

        /** How long {@link IngestGateway#close()} lets loads in flight finish (default 60 s). */
        public Builder drainTimeout(Duration d) {
            if (d == null || d.isNegative()) {
                throw new ConfigException("gateway drain-timeout must be >= 0, got " + d);
            }
            this.drainTimeout = d;
            return this;
        }

        /** Whether {@code DorisSql.Execute} is served (default true; needs an FE in the Doris settings). */
        public Builder sql(boolean enabled) {
            this.sql = enabled;
            return this;
        }

        public Builder listener(GatewayListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Binds and starts serving. */
        public IngestGateway start() {
            if (doris == null) {
                throw new ConfigException("the gateway needs doris(...) settings: how to reach the FE/BEs");
            }
            if (clientCa != null && certChain == null) {
                throw new ConfigException("client-ca (mTLS) needs tls(cert, key) too");
            }
            ServerCredentials creds = InsecureServerCredentials.create();
            if (certChain != null) {
                try {
                    TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder().keyManager(certChain.toFile(), privateKey.toFile());
                    if (clientCa != null) {
                        tls.trustManager(clientCa.toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
                    }
                    creds = tls.build();
                } catch (IOException e) {
                    throw new ConfigException("cannot read the gateway's TLS files: " + e.getMessage(), e);
                }
            }
            StreamLoadClient backend = StreamLoadClient.create(doris, "doris-cdc-gateway-load", maxLoads);
            MemoryBudget budget = new MemoryBudget(maxBuffer);
            GatewayCounters counters = new GatewayCounters();
            HealthStatusManager health = new HealthStatusManager();
            var ingest = new IngestService(backend, new GatewayLimits(maxChunk, doris.loadTimeout(), doris.readTimeout()), budget, counters,
                    listener);
            var sqlService = new SqlService(sql ? backend.sql() : Optional.empty());
            NettyServerBuilder nb = NettyServerBuilder.forAddress(new InetSocketAddress(bind, port), creds)
                    .maxInboundMessageSize(maxChunk + (64 << 10))
                    .flowControlWindow(maxChunk)
                    .permitKeepAliveTime(10, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .callExecutor(new LoadCallsOnTheEventLoop())
                    .addService(health.getHealthService());
            if (token != null) {
                nb.addService(ServerInterceptors.intercept(ingest, TokenAuth.serverInterceptor(token)));
                nb.addService(ServerInterceptors.intercept(sqlService, TokenAuth.serverInterceptor(token)));
            } else {
                nb.addService(ingest).addService(sqlService);
            }
            Server server = nb.build();
            try {
                server.start();
            } catch (IOException e) {
                backend.close();
                throw new UncheckedIOException("gateway cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
            }
            health.setStatus("", ServingStatus.SERVING);
            health.setStatus(DorisIngestGrpc.SERVICE_NAME, ServingStatus.SERVING);
            return new IngestGateway(server, backend, budget, counters, health, drainTimeout);
        }

        private static Path readable(String what, Path p) {
            if (p == null || !Files.isReadable(p)) {
                throw new ConfigException("gateway " + what + " '" + p + "' is not a readable file");
            }
            return p;
        }
    }

    /**
     * Load calls' callbacks run on the Netty event loop: they only hand chunks over and never block, and
     * a thread hop per message would cost latency and CPU on every load. The other calls (Commit, Abort,
     * LoadState, SQL) block on Doris and keep gRPC's executor.
     */
    private static final class LoadCallsOnTheEventLoop implements ServerCallExecutorSupplier {
        private static final String LOAD = DorisIngestGrpc.getLoadMethod().getFullMethodName();

        @Override
        public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
            return call.getMethodDescriptor().getFullMethodName().equals(LOAD) ? Runnable::run : null;
        }
    }
}
