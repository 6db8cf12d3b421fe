package io.doriscdc.cli;

import io.doriscdc.api.ConfigException;
import io.doriscdc.cli.config.Secrets;
import io.doriscdc.grpc.GatewaySettings;
import io.doriscdc.grpc.IngestGateway;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doris-cdc gateway}: runs the ingest gateway of the grpc transport beside the Doris BEs. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Runs the ingest gateway of the grpc transport until SIGTERM or Ctrl-C.", "",
                "The gateway turns each gRPC Load into a Stream Load on Doris. Settings come from a properties file",
                "and/or key=value arguments (arguments win): bind, port (9095), token, tls-cert, tls-key, client-ca,",
                "max-buffer, max-chunk, drain-timeout, sql, and doris.<streamload setting> (doris.fe, doris.user, ...).",
                "Values may be ${env:NAME} or ${file:/path}. A stop drains loads in flight (drain-timeout).",
                "Exit code 0 after a requested stop, 2 for bad settings, 3 when it cannot start."})
final class GatewayCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "A properties file of gateway settings.")
    Path file;

    @Parameters(paramLabel = "KEY=VALUE", arity = "0..*", description = "Settings that override the file, e.g. port=9095 doris.fe=fe1:8030.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        GatewaySettings settings = GatewaySettings.from(settings(Secrets.fromSystem()));
        StopSignal stop = StopSignal.install(settings.drainTimeout().plus(Duration.ofSeconds(30)));
        int code = ExitCodes.FAILED;
        IngestGateway gateway = null;
        try {
            gateway = IngestGateway.start(settings);
            LOG.info("ingest gateway listening on {}:{} ({}); stop with Ctrl-C or SIGTERM", settings.bind(), gateway.port(), settings);
            while (!stop.await(Duration.ofSeconds(60))) {
                LOG.info("gateway: {}", gateway.stats());
            }
            LOG.info("stop requested: draining loads in flight (up to {})", settings.drainTimeout());
            gateway.close();
            code = ExitCodes.OK;
            return code;
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            stop.finished(code);
        }
    }

    Map<String, String> settings(Secrets secrets) {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException(file + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
            new TreeSet<>(p.stringPropertyNames()).forEach(k -> values.put(k, p.getProperty(k)));
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("gateway argument '" + o + "' is not key=value, e.g. port=9095 or doris.fe=fe1:8030");
            }
            values.put(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
        }
        values.replaceAll((k, v) -> {
            try {
                return secrets.resolve(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("gateway setting '" + k + "': " + e.getMessage());
            }
        });
        return values;
    }
}
