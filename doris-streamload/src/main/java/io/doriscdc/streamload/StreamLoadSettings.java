package io.doriscdc.streamload;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.transport.TransportConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of the {@code streamload} transport, read from a {@link TransportConfig}. Unknown keys
 * and bad values are rejected with a {@link ConfigException} naming the key and the value. Immutable and
 * thread-safe; {@link #toString()} never shows the password.
 *
 * <table>
 * <caption>Settings (key, default, meaning)</caption>
 * <tr><td>{@code fe}</td><td>none</td><td>FE HTTP addresses {@code host:port,...}; loads go to the first
 *     that answers and fail over to the next. Required unless {@code be} is set.</td></tr>
 * <tr><td>{@code be}</td><td>none</td><td>BE HTTP addresses: loads go straight to them, round robin,
 *     bypassing the FE redirect.</td></tr>
 * <tr><td>{@code discover-backends}</td><td>false</td><td>list live BEs from the FE
 *     ({@code GET /api/backends?is_alive=true}) and load into them directly.</td></tr>
 * <tr><td>{@code user} / {@code password}</td><td>root / empty</td><td>Basic credentials, sent on every
 *     request, also to the BE after a redirect; never logged.</td></tr>
 * <tr><td>{@code format}</td><td>json</td><td>{@code json} (JSON lines) or {@code csv}.</td></tr>
 * <tr><td>{@code csv-separator}</td><td>{@code \t}</td><td>CSV column separator ({@code \t} and
 *     {@code \xNN} escapes allowed); it may not hold letters, digits, space, {@code . : + - " \} or line breaks.</td></tr>
 * <tr><td>{@code compress}</td><td>none</td><td>{@code none} or {@code gz} ({@code compress_type: gz}).</td></tr>
 * <tr><td>{@code two-phase-commit}</td><td>false</td><td>load with {@code two_phase_commit: true}, then
 *     commit through {@code _stream_load_2pc}.</td></tr>
 * <tr><td>{@code connect-timeout}</td><td>10s</td><td>TCP connect timeout.</td></tr>
 * <tr><td>{@code read-timeout}</td><td>60s</td><td>socket read timeout of FE calls (redirects, 2PC,
 *     load state, SQL).</td></tr>
 * <tr><td>{@code load-timeout}</td><td>600s</td><td>Doris load {@code timeout} header and the time a load
 *     response may take.</td></tr>
 * <tr><td>{@code max-attempts}</td><td>8</td><td>attempts per load part, the first included.</td></tr>
 * <tr><td>{@code max-retry-time}</td><td>5m</td><td>no retry starts later than this after the first attempt.</td></tr>
 * <tr><td>{@code initial-backoff} / {@code max-backoff}</td><td>200ms / 10s</td><td>exponential backoff
 *     bounds; each wait is drawn between half and all of the current bound.</td></tr>
 * <tr><td>{@code scheme}</td><td>http</td><td>{@code http} or {@code https} (FE and BEs with {@code enable_https};
 *     the FE's redirects then point at https BEs, a redirect to plain http is refused).</td></tr>
 * <tr><td>{@code truststore} / {@code truststore-password}</td><td>JDK default</td><td>the CAs trusted for https:
 *     a PKCS12 or JKS trust store (type detected; its password), or PEM CA certificates. Host names are always
 *     verified against the certificates.</td></tr>
 * <tr><td>{@code be-address-map}</td><td>none</td><td>{@code internal=external} pairs ({@code host:port=host:port,...})
 *     rewriting BE addresses the FE reports (redirects, discovery) into ones this client can reach.</td></tr>
 * <tr><td>{@code nan-policy}</td><td>fail</td><td>NaN/±Infinity where the Doris type has no such value
 *     (DECIMAL, DATE, DATETIME): {@code fail} the row with an error naming it, or write {@code null}.</td></tr>
 * <tr><td>{@code out-of-range-policy}</td><td>fail</td><td>dates and timestamps outside Doris's years
 *     0000–9999 (e.g. BC dates): {@code fail} or {@code null}.</td></tr>
 * <tr><td>{@code label-poll-timeout}</td><td>60s</td><td>how long a label found {@code RUNNING} (or an
 *     ambiguous two-phase commit, or a load whose connection failed) is polled through {@code get_load_state}
 *     before the attempt counts as failed.</td></tr>
 * <tr><td>{@code io-threads}</td><td>4</td><td>threads of the transport's scheduled executor (loads run on it).</td></tr>
 * </table>
 */
public record StreamLoadSettings(List<Address> fe, List<Address> be, boolean discoverBackends, String user, String password,
                                 Format format, String csvSeparator, Compression compress, boolean twoPhaseCommit,
                                 Duration connectTimeout, Duration readTimeout, Duration loadTimeout, int maxAttempts,
                                 Duration maxRetryTime, Duration initialBackoff, Duration maxBackoff, String scheme,
                                 Optional<Path> truststore, String truststorePassword, Map<Address, Address> beAddressMap,
                                 ValuePolicy nanPolicy, ValuePolicy outOfRangePolicy, Duration labelPollTimeout, int ioThreads) {

    /** Every key this transport accepts. */
    public static final Set<String> KEYS = Set.of("fe", "be", "discover-backends", "user", "password", "format", "csv-separator",
            "compress", "two-phase-commit", "connect-timeout", "read-timeout", "load-timeout", "max-attempts", "max-retry-time",
            "initial-backoff", "max-backoff", "scheme", "truststore", "truststore-password", "be-address-map", "nan-policy",
            "out-of-range-policy", "label-poll-timeout", "io-threads");

    /** The payload format. */
    public enum Format { JSON, CSV }

    /** Payload compression. */
    public enum Compression { NONE, GZ }

    /** What to do with a value Doris cannot represent. */
    public enum ValuePolicy {
        /** Reject the row with an error naming the table, column, version and value. */
        FAIL,
        /** Write NULL instead (the column must be nullable in Doris). */
        NULL
    }

    /** A {@code host:port} address. */
    public record Address(String host, int port) {
        public Address {
            Objects.requireNonNull(host, "host");
            if (host.isBlank() || port < 1 || port > 65535) {
                throw new ConfigException("invalid address '" + host + ":" + port + "': expected host:port with a port 1-65535");
            }
        }

        /** Parses {@code host:port} (IPv6 as {@code [::1]:8030}), naming the setting when it is not one. */
        public static Address parse(String key, String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new ConfigException("transport setting '" + key + "' has '" + text + "', expected host:port, e.g. fe1:8030");
            }
            try {
                return new Address(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new ConfigException("transport setting '" + key + "' has '" + text + "' whose port is not a number", e);
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public StreamLoadSettings {
        fe = List.copyOf(fe);
        be = List.copyOf(be);
        beAddressMap = Map.copyOf(beAddressMap);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (fe.isEmpty() && be.isEmpty()) {
            throw new ConfigException("streamload transport needs 'fe' (FE HTTP addresses, e.g. fe1:8030) or 'be' (BE HTTP addresses)");
        }
        if (discoverBackends && fe.isEmpty()) {
            throw new ConfigException("'discover-backends' = true needs 'fe' to ask for the backends");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ConfigException("'max-backoff' = " + maxBackoff + " is below 'initial-backoff' = " + initialBackoff);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException("transport setting 'scheme' = '" + scheme + "': use http or https");
        }
        if (truststore.isPresent() && !scheme.equals("https")) {
            throw new ConfigException("'truststore' is set but 'scheme' is http; set scheme=https or drop the trust store");
        }
        truststore.ifPresent(p -> {
            if (!Files.isReadable(p)) {
                throw new ConfigException("transport setting 'truststore' = '" + p + "' is not a readable file");
            }
        });
        new StreamLoadEncoding(format, csvSeparator, compress, nanPolicy, outOfRangePolicy); // validates them
        requirePositive("connect-timeout", connectTimeout);
        requirePositive("read-timeout", readTimeout);
        requirePositive("load-timeout", loadTimeout);
        requirePositive("label-poll-timeout", labelPollTimeout);
        requirePositive("initial-backoff", initialBackoff);
    }

    /** Reads and validates the settings; unknown keys are rejected. Performs no I/O except checking that a trust store file is readable. */
    public static StreamLoadSettings from(TransportConfig c) {
        c.requireOnlyKnownKeys("streamload", KEYS);
        StreamLoadEncoding e = StreamLoadEncoding.from(c);
        return new StreamLoadSettings(
                addresses(c, "fe"), addresses(c, "be"), c.getBoolean("discover-backends", false),
                c.getString("user", "root"), c.getString("password", ""),
                e.format(), e.csvSeparator(), e.compress(), c.getBoolean("two-phase-commit", false),
                c.getDuration("connect-timeout", Duration.ofSeconds(10)), c.getDuration("read-timeout", Duration.ofSeconds(60)),
                c.getDuration("load-timeout", Duration.ofSeconds(600)), c.getInt("max-attempts", 8, 1, 1000),
                c.getDuration("max-retry-time", Duration.ofMinutes(5)), c.getDuration("initial-backoff", Duration.ofMillis(200)),
                c.getDuration("max-backoff", Duration.ofSeconds(10)), c.getString("scheme", "http").trim().toLowerCase(Locale.ROOT),
                c.get("truststore").map(Path::of), c.getString("truststore-password", ""), addressMap(c),
                e.nanPolicy(), e.outOfRangePolicy(), c.getDuration("label-poll-timeout", Duration.ofSeconds(60)),
                c.getInt("io-threads", 4, 1, 256));
    }

    /** The encoding part of these settings. */
    public StreamLoadEncoding encoding() {
        return new StreamLoadEncoding(format, csvSeparator, compress, nanPolicy, outOfRangePolicy);
    }

    private static List<Address> addresses(TransportConfig c, String key) {
        return c.getList(key).stream().map(s -> Address.parse(key, s)).toList();
    }

    private static Map<Address, Address> addressMap(TransportConfig c) {
        Map<Address, Address> map = new LinkedHashMap<>();
        for (String pair : c.getList("be-address-map")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ConfigException("transport setting 'be-address-map' has '" + pair + "', expected internal=external, e.g. 10.0.0.5:8040=be1.example.com:18040");
            }
            map.put(Address.parse("be-address-map", pair.substring(0, eq).trim()), Address.parse("be-address-map", pair.substring(eq + 1).trim()));
        }
        return map;
    }

    private static void requirePositive(String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException("transport setting '" + key + "' = " + d + " must be positive");
        }
    }

    @Override
    public String toString() {
        return "StreamLoadSettings[fe=" + fe + ", be=" + be + ", discoverBackends=" + discoverBackends + ", user=" + user
                + ", password=****, format=" + format + ", compress=" + compress + ", twoPhaseCommit=" + twoPhaseCommit
                + ", scheme=" + scheme + ", maxAttempts=" + maxAttempts + ", maxRetryTime=" + maxRetryTime + "]";
    }
}
