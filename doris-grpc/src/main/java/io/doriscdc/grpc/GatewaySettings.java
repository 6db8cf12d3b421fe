package io.doriscdc.grpc;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.streamload.StreamLoadSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of a gateway run from the command line ({@code doris-cdc gateway}); unknown keys are
 * rejected. Immutable and thread-safe; {@link #toString()} never shows the token or passwords.
 *
 * <table>
 * <caption>Settings (key, default, meaning)</caption>
 * <tr><td>{@code bind}</td><td>0.0.0.0</td><td>address to listen on</td></tr>
 * <tr><td>{@code port}</td><td>9095</td><td>port to listen on (0: any free one)</td></tr>
 * <tr><td>{@code token}</td><td>none</td><td>bearer token clients must send</td></tr>
 * <tr><td>{@code tls-cert} / {@code tls-key}</td><td>none</td><td>PEM certificate chain and PKCS#8 key: serve TLS</td></tr>
 * <tr><td>{@code client-ca}</td><td>none</td><td>PEM CA: require client certificates (mTLS)</td></tr>
 * <tr><td>{@code max-buffer}</td><td>268435456</td><td>payload bytes held at once across loads</td></tr>
 * <tr><td>{@code max-chunk}</td><td>4194304</td><td>largest chunk message, and the per-stream flow-control window</td></tr>
 * <tr><td>{@code max-loads}</td><td>64</td><td>loads streamed into Doris at once (one Stream Load connection and thread
 *     each); further calls wait, paused</td></tr>
 * <tr><td>{@code drain-timeout}</td><td>60s</td><td>how long a stop lets loads in flight finish</td></tr>
 * <tr><td>{@code sql}</td><td>true</td><td>serve {@code DorisSql.Execute} (needs {@code doris.fe})</td></tr>
 * <tr><td>{@code doris.<key>}</td><td></td><td>every setting of the streamload transport, e.g. {@code doris.fe},
 *     {@code doris.be}, {@code doris.user}, {@code doris.password}, {@code doris.max-attempts}</td></tr>
 * </table>
 */
public record GatewaySettings(String bind, int port, Optional<String> token, Optional<Path> tlsCert, Optional<Path> tlsKey,
                              Optional<Path> clientCa, long maxBuffer, int maxChunk, int maxLoads, Duration drainTimeout, boolean sql,
                              StreamLoadSettings doris) {

    /** Every key besides the {@code doris.} ones. */
    public static final Set<String> KEYS = Set.of("bind", "port", "token", "tls-cert", "tls-key", "client-ca", "max-buffer",
            "max-chunk", "max-loads", "drain-timeout", "sql");

    public GatewaySettings {
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            throw new ConfigException("gateway settings 'tls-cert' and 'tls-key' go together; set both or neither");
        }
        if (clientCa.isPresent() && tlsCert.isEmpty()) {
            throw new ConfigException("gateway setting 'client-ca' (mTLS) needs 'tls-cert' and 'tls-key'");
        }
    }

    public static GatewaySettings from(Map<String, String> values) {
        Map<String, String> own = new HashMap<>();
        Map<String, String> doris = new HashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("doris.")) {
                doris.put(k.substring("doris.".length()), v);
            } else {
                own.put(k, v);
            }
        });
        TransportConfig c = TransportConfig.of(own);
        Set<String> unknown = new TreeSet<>(own.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown gateway setting(s) " + unknown + "; known: " + new TreeSet<>(KEYS)
                    + " and doris.<streamload setting>");
        }
        StreamLoadSettings dorisSettings;
        try {
            dorisSettings = StreamLoadSettings.from(TransportConfig.of(doris));
        } catch (ConfigException e) {
            throw new ConfigException("gateway 'doris.' settings: " + e.getMessage(), e);
        }
        return new GatewaySettings(c.getString("bind", "0.0.0.0"), c.getInt("port", 9095, 0, 65535), c.get("token"),
                c.get("tls-cert").map(Path::of), c.get("tls-key").map(Path::of), c.get("client-ca").map(Path::of),
                c.getLong("max-buffer", 256L << 20, 1 << 16, Long.MAX_VALUE), c.getInt("max-chunk", 4 << 20, 1 << 16, 64 << 20),
                c.getInt("max-loads", 64, 1, 4096),
                c.getDuration("drain-timeout", Duration.ofSeconds(60)), c.getBoolean("sql", true), dorisSettings);
    }

    /**
     * Command-line form: an optional properties file first, then {@code key=value} overrides, e.g.
     * {@code gateway.properties port=9096}.
     */
    public static GatewaySettings fromArgs(String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            if (eq > 0) {
                values.put(a.substring(0, eq).trim(), a.substring(eq + 1).trim());
            } else if (i == 0) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(Path.of(a), StandardCharsets.UTF_8)) {
                    p.load(r);
                } catch (IOException e) {
                    throw new ConfigException("cannot read gateway settings file '" + a + "': " + e.getMessage(), e);
                }
                p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
            } else {
                throw new ConfigException("gateway argument '" + a + "' is neither the settings file (first) nor key=value");
            }
        }
        return from(values);
    }

    @Override
    public String toString() {
        return "GatewaySettings[bind=" + bind + ", port=" + port + ", token=" + (token.isPresent() ? "****" : "none") + ", tls="
                + tlsCert.isPresent() + ", mtls=" + clientCa.isPresent() + ", maxBuffer=" + maxBuffer + ", maxChunk=" + maxChunk + ", maxLoads=" + maxLoads
                + ", drainTimeout=" + drainTimeout + ", sql=" + sql + ", doris=" + doris + "]";
    }
}
