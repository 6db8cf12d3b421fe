package io.doriscdc.cli;

import io.doriscdc.cli.config.CliConfig;
import io.doriscdc.cli.config.PipelineFile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.doriscdc.cli.metrics.Health;
import io.doriscdc.cli.metrics.MetricsServer;
import io.doriscdc.cli.metrics.PipelineMetrics;
import io.doriscdc.cli.progress.Format;
import io.doriscdc.runtime.InstanceStatus;
import io.doriscdc.runtime.Pipeline;
import io.doriscdc.runtime.TableStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code doris-cdc run --config FILE [--pipeline NAME]}: runs the file's pipelines (all, or those
 * named) until SIGTERM / Ctrl-C, then stops them gracefully; one failing stops the others.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a pipeline until SIGTERM or Ctrl-C, then stops it gracefully.", "",
                "On a stop, what was read is delivered, acknowledged to PostgreSQL, and the slot is released;",
                "the next run resumes from the slot.",
                "Any number of instances may run one configuration (ha.enabled, on by default): one streams,",
                "the others stand by and take over when it stops or dies.",
                "A file with pipelines: runs each of them (or those given with --pipeline), each on its own slot;",
                "one that fails stops the others.",
                "Exit code 0 after a requested stop, 2 for a bad file, 3 when a pipeline fails."})
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
        PipelineFile file = config.readAll();
        List<CliConfig> cfgs = file.pipelines();
        CliConfig shared = cfgs.get(0); // metrics.* and the other shared keys are the same in each
        Duration every = io.doriscdc.cli.config.Units.duration(statusEvery);
        StopSignal stop = StopSignal.install(io.doriscdc.cli.config.Units.duration(stopTimeout));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Map<String, PipelineMetrics> metrics = new LinkedHashMap<>();
        cfgs.forEach(c -> metrics.put(c.name(), new PipelineMetrics(registry, file.listed() ? c.name() : null)));
        Health health = new Health();
        MetricsServer server = shared.metricsPort().isPresent()
                ? MetricsServer.start(shared.metricsHost(), shared.metricsPort().getAsInt(), metrics.get(shared.name()), health) : null;
        Map<String, Pipeline> pipelines = new LinkedHashMap<>();
        int code = ExitCodes.FAILED;
        try {
            if (server != null) {
                LOG.info("metrics at http://{}:{}/metrics, health at /health/live and /health/ready", shared.metricsHost(), server.port());
            }
            for (CliConfig cfg : cfgs) {
                PipelineMetrics m = metrics.get(cfg.name());
                pipelines.put(cfg.name(), Pipeline.create(cfg.pipelineConfig(m)));
            }
            Map<String, java.util.function.Supplier<InstanceStatus>> instances = new LinkedHashMap<>();
            pipelines.forEach((name, p) -> instances.put(name, p::instance));
            health.fromAll(instances);
            for (CliConfig cfg : cfgs) {
                Pipeline p = pipelines.get(cfg.name());
                PipelineMetrics m = metrics.get(cfg.name());
                m.instanceFrom(p::instance);
                p.start();
                m.statusFrom(p::status);
                m.touch();
                LOG.info("pipeline {} (slot {}) running {} table(s) from {}; stop with Ctrl-C or SIGTERM", cfg.name(), cfg.slot(),
                        cfg.routes().size(), cfg.file());
            }
            while (!stop.await(every)) {
                for (Map.Entry<String, Pipeline> e : pipelines.entrySet()) {
                    Pipeline pipeline = e.getValue();
                    Optional<Throwable> failure = pipeline.failure();
                    if (failure.isPresent() || !pipeline.isRunning()) {
                        LOG.error("pipeline {} stopped: {}{}", e.getKey(), failure.isPresent()
                                ? "it failed (the cause is logged above, with its stack trace)" : "it stopped on its own",
                                pipelines.size() > 1 ? "; stopping the other pipelines of this process" : "");
                        return code;
                    }
                    InstanceStatus instance = pipeline.instance();
                    String who = pipelines.size() > 1 ? "pipeline " + e.getKey() + " " : "";
                    if (instance.streaming()) {
                        LOG.info("{}status: {}", who, summary(pipeline.status()));
                    } else {
                        LOG.info("{}instance {} {}: {}", who, instance.instanceId(), instance.state(), instance.detail());
                    }
                }
            }
            LOG.info("stop requested: delivering and acknowledging what was read");
            stopAll(pipelines);
            pipelines.forEach((name, p) -> LOG.info("pipeline {} stopped at {}", name, p.acknowledgedLsn()));
            code = ExitCodes.OK;
            return code;
        } finally {
            stopAll(pipelines);
            if (server != null) {
                server.close();
            }
            stop.finished(code);
        }
    }

    /** Stops the pipelines at once, each on its own thread, so that --stop-timeout bounds them together. */
    private static void stopAll(Map<String, Pipeline> pipelines) {
        if (pipelines.size() == 1) {
            pipelines.values().iterator().next().stop();
            return;
        }
        List<Thread> stopping = new ArrayList<>();
        pipelines.forEach((name, p) -> {
            Thread t = new Thread(p::stop, "doris-cdc-stop-" + name);
            t.start();
            stopping.add(t);
        });
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String summary(List<TableStatus> status) {
        return status.stream().map(s -> s.route().source() + " " + s.state() + " rows=" + s.rowsDelivered()
                        + " lag=" + Format.bytes(s.lagBytes()) + "/" + Format.duration(s.timeLag())
                        + (s.lastError() == null ? "" : " error=" + s.lastError()))
                .collect(Collectors.joining("; "));
    }
}
