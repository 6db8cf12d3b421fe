package io.doriscdc.cli.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} (Prometheus text format 0.0.4), {@code GET /health/live} and
 * {@code GET /health/ready} ({@link Health}) with the JDK's HTTP server on one daemon thread.
 * Thread-safe.
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** Binds {@code host:port} (port 0 picks a free one) and starts serving metrics; the health endpoints say STARTING. */
    public static MetricsServer start(String host, int port, PipelineMetrics metrics) {
        return start(host, port, metrics, new Health());
    }

    /** Binds {@code host:port} (port 0 picks a free one) and starts serving metrics and health. */
    public static MetricsServer start(String host, int port, PipelineMetrics metrics, Health health) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            server.createContext("/metrics", exchange -> {
                byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            });
            server.createContext("/health/live", exchange -> send(exchange, health.live()));
            server.createContext("/health/ready", exchange -> send(exchange, health.ready()));
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "doris-cdc-metrics");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new MetricsServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another metrics.port", e);
        }
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, Health.Answer answer) throws IOException {
        byte[] body = (answer.body() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
