package io.doriscdc.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.doriscdc.api.CdcException;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.runtime.FailoverSlot;
import io.doriscdc.runtime.FailurePolicy;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.runtime.TruncatePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a pipeline YAML file into a {@link CliConfig}. Every key is checked against {@link ConfigKeys};
 * an unknown key, a value of the wrong kind, and a value the pipeline or the transport refuses are
 * a {@link ConfigError} naming the file, the line and the key. Not thread-safe; one per file.
 */
public final class ConfigReader {

    private final YamlDocument doc;
    private final Secrets secrets;
    private final List<Consumer<PipelineConfig.Builder>> settings = new ArrayList<>();
    /** A scratch builder: each setting is tried on it so that the pipeline's own validation names the key. */
    private final PipelineConfig.Builder probe = PipelineConfig.builder();

    private ConfigReader(YamlDocument doc, Secrets secrets) {
        this.doc = doc;
        this.secrets = secrets;
    }

    /** Reads and validates a file of one pipeline; environment variables come from the process. */
    public static CliConfig read(Path file) {
        return read(file, Secrets.fromSystem());
    }

    /** Reads and validates a file of one pipeline; a file of several is an error saying to pick one. */
    public static CliConfig read(Path file, Secrets secrets) {
        return readAll(file, secrets).single();
    }

    /** Reads and validates a file of one or several pipelines; environment variables come from the process. */
    public static PipelineFile readAll(Path file) {
        return readAll(file, Secrets.fromSystem());
    }

    public static PipelineFile readAll(Path file, Secrets secrets) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigError(file.toString(), 0, "", "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return parseAll(file.toString(), text, secrets);
    }

    /** Reads and validates YAML text of one pipeline; {@code name} is used in messages. */
    public static CliConfig parse(String name, String text, Secrets secrets) {
        return parseAll(name, text, secrets).single();
    }

    /** Reads and validates YAML text of one or several pipelines; {@code name} is used in messages. */
    public static PipelineFile parseAll(String name, String text, Secrets secrets) {
        return new ConfigReader(YamlDocument.parse(name, text), secrets).read();
    }

    private PipelineFile read() {
        JsonNode root = doc.root();
        checkKeys(root, "");
        String url = string("postgres.url").orElseThrow(() -> error("postgres.url", "is required, e.g. jdbc:postgresql://db:5432/shop"));
        apply("postgres.url", url, PipelineConfig.Builder::postgres);
        String user = string("postgres.user").orElse("postgres");
        apply("postgres.user", user, PipelineConfig.Builder::user);
        String password = string("postgres.password").orElse("");
        Map<String, String> pgProps = map("postgres.properties");
        pgProps.forEach((k, v) -> apply("postgres.properties." + k, v, (b, x) -> b.pgProperty(k, x)));
        setting("label-prefix", this::string, PipelineConfig.Builder::labelPrefix);
        String scheme = string("transport.scheme").orElse("streamload").trim().toLowerCase(Locale.ROOT);
        apply("transport.scheme", scheme, PipelineConfig.Builder::transport);
        Map<String, String> transport = map("transport.settings");
        checkTransport(scheme, transport);
        boolean createTables = bool("transport.create-tables").orElse(false);
        setting("batch.max-rows", this::integer, PipelineConfig.Builder::batchMaxRows);
        setting("batch.max-bytes", this::bytes, PipelineConfig.Builder::batchMaxBytes);
        setting("batch.max-age", this::duration, PipelineConfig.Builder::batchMaxAge);
        setting("batch.max-loads-per-second", this::number, PipelineConfig.Builder::batchMaxLoadsPerSecond);
        setting("memory.budget", this::bytes, PipelineConfig.Builder::memoryBudgetBytes);
        setting("memory.ring-size", this::integer, PipelineConfig.Builder::ringSize);
        setting("memory.spill-directory", k -> string(k).map(Path::of), PipelineConfig.Builder::spillDirectory);
        setting("snapshot.initial", this::bool, PipelineConfig.Builder::initialSnapshot);
        setting("snapshot.batch-rows", this::integer, PipelineConfig.Builder::snapshotBatchRows);
        setting("snapshot.chunk-pages", k -> integer(k).map(Integer::longValue), PipelineConfig.Builder::snapshotChunkPages);
        setting("snapshot.parallelism", this::integer, PipelineConfig.Builder::snapshotParallelism);
        setting("policies.truncate", k -> choice(k).map(v -> TruncatePolicy.valueOf(v)), PipelineConfig.Builder::truncatePolicy);
        setting("policies.failure", k -> choice(k).map(v -> FailurePolicy.valueOf(v)), PipelineConfig.Builder::failurePolicy);
        setting("policies.schema-changes", k -> choice(k).map(v -> io.doriscdc.runtime.SchemaChangePolicy.valueOf(v)),
                PipelineConfig.Builder::schemaChanges);
        setting("policies.drop-columns", k -> choice(k).map(v -> v.equals("DROP")), PipelineConfig.Builder::dropColumns);
        setting("replication.status-interval", this::duration, PipelineConfig.Builder::statusInterval);
        setting("replication.binary-values", this::bool, PipelineConfig.Builder::binaryValues);
        setting("replication.control-plane", this::bool, PipelineConfig.Builder::sqlControlPlane);
        setting("replication.accept-publication-subsets", this::bool, PipelineConfig.Builder::acceptPublicationSubsets);
        setting("replication.failover-slot", k -> choice(k).map(v -> switch (v) {
            case "TRUE" -> FailoverSlot.ON;
            case "FALSE" -> FailoverSlot.OFF;
            default -> FailoverSlot.AUTO;
        }), PipelineConfig.Builder::failoverSlot);
        setting("ha.enabled", this::bool, PipelineConfig.Builder::highAvailability);
        setting("ha.instance-id", this::string, PipelineConfig.Builder::instanceId);
        setting("ha.lease-interval", this::duration, PipelineConfig.Builder::leaseInterval);
        setting("ha.lease-timeout", this::duration, PipelineConfig.Builder::leaseTimeout);
        OptionalInt metricsPort = integer("metrics.port").map(p -> {
            if (p < 0 || p > 65535) {
                throw error("metrics.port", "= " + p + " is out of range [0, 65535]");
            }
            return OptionalInt.of(p);
        }).orElse(OptionalInt.empty());
        String metricsHost = string("metrics.host").orElse("0.0.0.0");
        List<CliConfig> pipelines = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, String> targets = new LinkedHashMap<>();
        for (Shard shard : new Shards(doc, this::text, this::error).read()) {
            List<Consumer<PipelineConfig.Builder>> own = new ArrayList<>(settings);
            shard.publication().ifPresent(p -> {
                apply(shard.at() + "publication", p, PipelineConfig.Builder::publication);
                own.add(b -> b.publication(p));
            });
            apply(shard.slotKey(), shard.slot(), PipelineConfig.Builder::slot);
            List<TableRoute> routes = routes(shard.at() + "tables");
            for (int i = 0; i < routes.size(); i++) {
                TableRoute r = routes.get(i);
                String other = sources.putIfAbsent(r.source().toString(), shard.name());
                String otherTarget = targets.putIfAbsent(r.target().toString(), shard.name());
                if (other != null || otherTarget != null) {
                    throw error(shard.at() + "tables[" + i + "]" + (other != null ? ".source" : ".target"), (other != null ? r.source() : r.target()) + " is already in pipeline "
                            + (other != null ? other : otherTarget) + ": a table belongs to one pipeline only (two slots would load it twice, "
                            + "out of order); remove it from one of them");
                }
            }
            CliConfig cfg = new CliConfig(doc.source(), shard.name(), url, user, password, pgProps, shard.slot(), scheme, transport,
                    createTables, routes, metricsPort, metricsHost, own);
            try {
                cfg.pipelineConfig(PipelineListener.NONE); // the checks that span keys (the lease timeout against the interval)
            } catch (CdcException e) {
                throw error(string("ha.lease-timeout").isPresent() ? "ha.lease-timeout" : "ha.lease-interval", e.getMessage());
            }
            pipelines.add(cfg);
        }
        return new PipelineFile(doc.source(), pipelines, doc.root().has("pipelines"));
    }

    // ---- structure ----

    private void checkKeys(JsonNode node, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String child = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            ConfigKey key = ConfigKeys.find(child).orElseThrow(() -> unknown(child, path));
            JsonNode v = f.getValue();
            switch (key.kind()) {
                case GROUP -> {
                    if (!v.isObject()) {
                        throw error(child, "must be a mapping with keys " + ConfigKeys.childrenOf(key.path()));
                    }
                    checkKeys(v, child);
                }
                case MAP -> {
                    if (!v.isObject()) {
                        throw error(child, "must be a mapping of names to values");
                    }
                    v.fields().forEachRemaining(e -> {
                        if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                            throw error(child + "." + e.getKey(), "must be a single value (text, number or boolean)");
                        }
                    });
                }
                case LIST -> {
                    if (!v.isArray()) {
                        throw error(child, "must be a list (lines starting with '- ')");
                    }
                    for (int i = 0; i < v.size(); i++) {
                        if (!v.get(i).isObject()) {
                            throw error(child + "[" + i + "]", "must be a mapping with keys " + ConfigKeys.childrenOf(key.path() + "[]"));
                        }
                        checkKeys(v.get(i), child + "[" + i + "]");
                    }
                }
                default -> {
                    if (!v.isValueNode() || v.isNull()) {
                        throw error(child, "must be a single value, not " + (v.isNull() ? "empty" : "a " + v.getNodeType().name().toLowerCase(Locale.ROOT)));
                    }
                }
            }
        }
    }

    private ConfigError unknown(String child, String parent) {
        String group = parent.replaceAll("\\[\\d+]", "[]");
        return error(child, "unknown key; known keys here: " + ConfigKeys.childrenOf(group) + " (see docs/configuration.md)");
    }

    // ---- values ----

    private JsonNode node(String path) {
        JsonNode n = doc.root();
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    private java.util.Optional<String> string(String path) {
        return text(node(path), path);
    }

    private java.util.Optional<String> text(JsonNode n, String path) {
        if (n.isMissingNode() || n.isNull()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(secrets.resolve(n.asText()));
        } catch (IllegalArgumentException e) {
            throw error(path, e.getMessage());
        }
    }

    private java.util.Optional<Integer> integer(String path) {
        JsonNode n = node(path);
        if (n.isMissingNode()) {
            return java.util.Optional.empty();
        }
        if (n.isInt()) {
            return java.util.Optional.of(n.intValue());
        }
        String s = string(path).orElse("").trim().replace("_", "");
        try {
            return java.util.Optional.of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            throw error(path, "'" + s + "' is not an integer");
        }
    }

    private java.util.Optional<Double> number(String path) {
        JsonNode n = node(path);
        if (n.isMissingNode()) {
            return java.util.Optional.empty();
        }
        if (n.isNumber()) {
            return java.util.Optional.of(n.doubleValue());
        }
        String s = string(path).orElse("").trim().replace("_", "");
        try {
            return java.util.Optional.of(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            throw error(path, "'" + s + "' is not a number; write e.g. 1, 0.5 or 4");
        }
    }

    private java.util.Optional<Long> bytes(String path) {
        return string(path).map(s -> convert(path, s, Units::bytes));
    }

    private java.util.Optional<Duration> duration(String path) {
        return string(path).map(s -> convert(path, s, Units::duration));
    }

    private java.util.Optional<Boolean> bool(String path) {
        JsonNode n = node(path);
        if (n.isMissingNode()) {
            return java.util.Optional.empty();
        }
        if (n.isBoolean()) {
            return java.util.Optional.of(n.booleanValue());
        }
        throw error(path, "'" + n.asText() + "' is not a boolean; write true or false");
    }

    /** A CHOICE value as an enum constant name: {@code stop-table} → {@code STOP_TABLE}. */
    private java.util.Optional<String> choice(String path) {
        ConfigKey key = ConfigKeys.find(path).orElseThrow();
        return string(path).map(v -> {
            String norm = v.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            if (!key.choices().contains(norm)) {
                throw error(path, "'" + v + "' is not one of " + key.choices());
            }
            return norm.replace('-', '_').toUpperCase(Locale.ROOT);
        });
    }

    private Map<String, String> map(String path) {
        Map<String, String> out = new LinkedHashMap<>();
        node(path).fields().forEachRemaining(e -> out.put(e.getKey(), text(e.getValue(), path + "." + e.getKey()).orElse("")));
        return out;
    }

    private <T> T convert(String path, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(path, e.getMessage());
        }
    }

    /** The routes of a {@code tables} list at {@code path} ({@code tables} or {@code pipelines[1].tables}). */
    private List<TableRoute> routes(String path) {
        JsonNode list = doc.at(path);
        if (list.isMissingNode() || list.isEmpty()) {
            throw error(path, "at least one table is required, e.g.\n  tables:\n    - source: public.orders\n      target: shop.orders");
        }
        PipelineConfig.Builder probe = PipelineConfig.builder(); // one per pipeline: it refuses a table mapped twice
        List<TableRoute> routes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            String source = text(list.get(i).path("source"), at + ".source").orElseThrow(() -> error(at, "needs source: schema.table"));
            String target = text(list.get(i).path("target"), at + ".target").orElseThrow(() -> error(at, "needs target: database.table"));
            String[] t = target.split("\\.", -1);
            if (t.length != 2) {
                throw error(at + ".target", "'" + target + "' must be database.table (e.g. shop.orders)");
            }
            try {
                TableRoute route = TableRoute.of(source, t[0], t[1]);
                probe.route(route);
                routes.add(route);
            } catch (IllegalArgumentException | CdcException e) {
                throw error(at, e.getMessage());
            }
        }
        return routes;
    }

    private void checkTransport(String scheme, Map<String, String> transport) {
        try {
            Transports.load(scheme).create(TransportConfig.of(transport), PipelineListener.NONE).close();
        } catch (CdcException e) {
            String key = transport.keySet().stream().filter(k -> e.getMessage().contains("'" + k + "'") || e.getMessage().contains("[" + k))
                    .findFirst().map(k -> "transport.settings." + k).orElse(e.getMessage().startsWith("no transport") ? "transport.scheme" : "transport.settings");
            throw error(key, e.getMessage());
        }
    }

    // ---- applying ----

    private interface Lookup<T> {
        java.util.Optional<T> get(String path);
    }

    private interface Setter<T> {
        PipelineConfig.Builder set(PipelineConfig.Builder b, T value);
    }

    private <T> void setting(String path, Lookup<T> lookup, Setter<T> setter) {
        lookup.get(path).ifPresent(v -> {
            apply(path, v, setter);
            settings.add(b -> setter.set(b, v));
        });
    }

    private <T> void apply(String path, T value, Setter<T> setter) {
        try {
            setter.set(probe, value);
        } catch (CdcException | IllegalArgumentException e) {
            throw error(path, e.getMessage());
        }
    }

    ConfigError error(String path, String message) {
        return new ConfigError(doc.source(), doc.line(path), path, message);
    }
}
