package io.doriscdc.cli;

import io.doriscdc.cli.config.CliConfig;
import io.doriscdc.cli.metrics.Health;
import io.doriscdc.cli.metrics.MetricsServer;
import io.doriscdc.cli.metrics.PipelineMetrics;
import io.doriscdc.cli.progress.Format;
import io.doriscdc.runtime.InstanceStatus;
import io.doriscdc.runtime.Pipeline;
import io.doriscdc.runtime.TableStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code doris-cdc run --config FILE}: runs a pipeline until SIGTERM / Ctrl-C, then stops it gracefully. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a pipeline until SIGTERM or Ctrl-C, then stops it gracefully.", "",
                "On a stop, what was read is delivered, acknowledged to PostgreSQL, and the slot is released;",
                "the next run resumes from the slot.",
                "Any number of instances may run one configuration (ha.enabled, on by default): one streams,",
                "the others stand by and take over when it stops or dies.",
                "Exit code 0 after a requested stop, 2 for a bad file, 3 when the pipeline fails."})
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOption config;

    @Option(names = "--status-every", defaultValue = "30s", paramLabel = "DURATION",
            description = "How often a status line per table is logged (default ${DEFAULT-VALUE}).")
    String statusEvery;

    @Option(names = "--stop-timeout", defaultValue = "5m", paramLabel = "DURATION",
            description = "How long a requested stop may take to deliver and acknowledge (default ${DEFAULT-VALUE}).")
    String stopTimeout;

    @Override
    public Integer call() {
        CliConfig cfg = config.read();
        Duration every = io.doriscdc.cli.config.Units.duration(statusEvery);
        StopSignal stop = StopSignal.install(io.doriscdc.cli.config.Units.duration(stopTimeout));
        PipelineMetrics metrics = new PipelineMetrics();
        Health health = new Health();
        MetricsServer server = cfg.metricsPort().isPresent()
                ? MetricsServer.start(cfg.metricsHost(), cfg.metricsPort().getAsInt(), metrics, health) : null;
        Pipeline pipeline = null;
        int code = ExitCodes.FAILED;
        try {
            if (server != null) {
                LOG.info("metrics at http://{}:{}/metrics, health at /health/live and /health/ready", cfg.metricsHost(), server.port());
            }
            pipeline = Pipeline.create(cfg.pipelineConfig(metrics));
            health.from(pipeline::instance);
            metrics.instanceFrom(pipeline::instance);
            pipeline.start();
            metrics.statusFrom(pipeline::status);
            metrics.touch();
            LOG.info("pipeline {} running {} table(s) from {}; stop with Ctrl-C or SIGTERM", cfg.slot(), cfg.routes().size(), cfg.file());
            while (!stop.await(every)) {
                Optional<Throwable> failure = pipeline.failure();
                if (failure.isPresent() || !pipeline.isRunning()) {
                    LOG.error("pipeline {} stopped: {}", cfg.slot(), failure.isPresent()
                            ? "it failed (the cause is logged above, with its stack trace)" : "it stopped on its own");
                    return code;
                }
                InstanceStatus instance = pipeline.instance();
                if (instance.streaming()) {
                    LOG.info("status: {}", summary(pipeline.status()));
                } else {
                    LOG.info("instance {} {}: {}", instance.instanceId(), instance.state(), instance.detail());
                }
            }
            LOG.info("stop requested: delivering and acknowledging what was read");
            pipeline.stop();
            LOG.info("pipeline {} stopped at {}", cfg.slot(), pipeline.acknowledgedLsn());
            code = ExitCodes.OK;
            return code;
        } finally {
            if (pipeline != null) {
                pipeline.stop();
            }
            if (server != null) {
                server.close();
            }
            stop.finished(code);
        }
    }

    static String summary(List<TableStatus> status) {
        return status.stream().map(s -> s.route().source() + " " + s.state() + " rows=" + s.rowsDelivered()
                        + " lag=" + Format.bytes(s.lagBytes()) + "/" + Format.duration(s.timeLag())
                        + (s.lastError() == null ? "" : " error=" + s.lastError()))
                .collect(Collectors.joining("; "));
    }
}
