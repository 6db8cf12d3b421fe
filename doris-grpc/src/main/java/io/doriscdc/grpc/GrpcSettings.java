package io.doriscdc.grpc;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.streamload.StreamLoadEncoding;
import io.doriscdc.streamload.StreamLoadSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of the {@code grpc} transport, read from a {@link TransportConfig}. Unknown keys and bad
 * values are rejected with a {@link ConfigException} naming the key. Immutable and thread-safe;
 * {@link #toString()} never shows the token.
 *
 * <table>
 * <caption>Settings (key, default, meaning)</caption>
 * <tr><td>{@code targets}</td><td>required</td><td>ingest gateways, {@code host:port,...}: one channel each,
 *     loads spread round robin, a retry goes to the next gateway</td></tr>
 * <tr><td>{@code token}</td><td>none</td><td>bearer token the gateways require</td></tr>
 * <tr><td>{@code tls}</td><td>false</td><td>connect with TLS (implied by {@code trust-cert})</td></tr>
 * <tr><td>{@code trust-cert}</td><td>JDK trust store</td><td>PEM CA certificate(s) to trust</td></tr>
 * <tr><td>{@code client-cert} / {@code client-key}</td><td>none</td><td>PEM certificate chain and PKCS#8 key for mTLS</td></tr>
 * <tr><td>{@code authority}</td><td>the target's host</td><td>TLS host name to verify (when gateways are reached by IP)</td></tr>
 * <tr><td>{@code deadline}</td><td>5m</td><td>deadline of each Load call (header to reply), propagated to the gateway</td></tr>
 * <tr><td>{@code max-attempts}</td><td>5</td><td>attempts per load part across gateways, the first included</td></tr>
 * <tr><td>{@code max-retry-time}</td><td>5m</td><td>no retry starts later than this after the batch's first attempt</td></tr>
 * <tr><td>{@code initial-backoff} / {@code max-backoff}</td><td>200ms / 10s</td><td>exponential backoff between attempts</td></tr>
 * <tr><td>{@code chunk-size}</td><td>1048576</td><td>payload bytes per stream message (16 KiB..4 MiB)</td></tr>
 * <tr><td>{@code keepalive-time}</td><td>30s</td><td>HTTP/2 ping interval on an idle connection with calls</td></tr>
 * <tr><td>{@code two-phase-commit}</td><td>false</td><td>the gateway loads with two-phase commit</td></tr>
 * <tr><td>{@code sql}</td><td>true</td><td>offer {@code Transport.sql()} through the gateway's {@code DorisSql} service</td></tr>
 * <tr><td>{@code format}, {@code csv-separator}, {@code compress}, {@code nan-policy}, {@code out-of-range-policy}</td>
 *     <td>as streamload</td><td>the payload encoding, exactly as the streamload transport's settings</td></tr>
 * </table>
 */
public record GrpcSettings(List<StreamLoadSettings.Address> targets, Optional<String> token, boolean tls, Optional<Path> trustCert,
                           Optional<Path> clientCert, Optional<Path> clientKey, Optional<String> authority, Duration deadline,
                           int maxAttempts, Duration maxRetryTime, Duration initialBackoff, Duration maxBackoff, int chunkSize,
                           Duration keepaliveTime, boolean twoPhaseCommit, boolean sql, StreamLoadEncoding encoding) {

    /** Every key this transport accepts. */
    public static final Set<String> KEYS;

    static {
        Set<String> k = new java.util.HashSet<>(Set.of("targets", "token", "tls", "trust-cert", "client-cert", "client-key", "authority",
                "deadline", "max-attempts", "max-retry-time", "initial-backoff", "max-backoff", "chunk-size", "keepalive-time",
                "two-phase-commit", "sql"));
        k.addAll(StreamLoadEncoding.KEYS);
        KEYS = Set.copyOf(k);
    }

    public GrpcSettings {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new ConfigException("grpc transport needs 'targets': the ingest gateways, e.g. gw1:9095,gw2:9095");
        }
        if (clientCert.isPresent() != clientKey.isPresent()) {
            throw new ConfigException("grpc transport settings 'client-cert' and 'client-key' go together; set both or neither");
        }
        tls = tls || trustCert.isPresent() || clientCert.isPresent();
        for (Optional<Path> p : List.of(trustCert, clientCert, clientKey)) {
            p.ifPresent(f -> {
                if (!Files.isReadable(f)) {
                    throw new ConfigException("grpc transport: '" + f + "' is not a readable file");
                }
            });
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ConfigException("'max-backoff' = " + maxBackoff + " is below 'initial-backoff' = " + initialBackoff);
        }
        if (keepaliveTime.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new ConfigException("grpc transport 'keepalive-time' = " + keepaliveTime + " is below 10s, which gateways refuse as too many pings");
        }
        if (deadline.isZero() || deadline.isNegative() || initialBackoff.isZero() || initialBackoff.isNegative() || maxRetryTime.isNegative()) {
            throw new ConfigException("grpc transport 'deadline' and 'initial-backoff' must be positive, 'max-retry-time' not negative");
        }
    }

    /** Reads and validates the settings; unknown keys are rejected. No I/O besides checking that files are readable. */
    public static GrpcSettings from(TransportConfig c) {
        c.requireOnlyKnownKeys("grpc", KEYS);
        List<StreamLoadSettings.Address> targets = c.getList("targets").stream().map(s -> StreamLoadSettings.Address.parse("targets", s)).toList();
        Optional<String> token = c.get("token");
        token.ifPresent(t -> {
            if (t.isBlank() || t.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
                throw new ConfigException("grpc transport 'token' must be printable ASCII without spaces");
            }
        });
        return new GrpcSettings(targets, token, c.getBoolean("tls", false), c.get("trust-cert").map(Path::of),
                c.get("client-cert").map(Path::of), c.get("client-key").map(Path::of), c.get("authority"),
                c.getDuration("deadline", Duration.ofMinutes(5)), c.getInt("max-attempts", 5, 1, 1000),
                c.getDuration("max-retry-time", Duration.ofMinutes(5)), c.getDuration("initial-backoff", Duration.ofMillis(200)),
                c.getDuration("max-backoff", Duration.ofSeconds(10)),
                c.getInt("chunk-size", 1 << 20, 16 << 10, 4 << 20), c.getDuration("keepalive-time", Duration.ofSeconds(30)),
                c.getBoolean("two-phase-commit", false), c.getBoolean("sql", true), StreamLoadEncoding.from(c));
    }

    @Override
    public String toString() {
        return "GrpcSettings[targets=" + targets + ", token=" + (token.isPresent() ? "****" : "none") + ", tls=" + tls
                + ", mtls=" + clientCert.isPresent() + ", deadline=" + deadline + ", maxAttempts=" + maxAttempts + ", chunkSize=" + chunkSize
                + ", twoPhaseCommit=" + twoPhaseCommit + ", format=" + encoding.format() + ", compress=" + encoding.compress() + "]";
    }
}
