package io.doriscdc.cli;

import io.doriscdc.cli.config.Units;
import io.doriscdc.cli.demo.Demo;
import io.doriscdc.cli.demo.DemoOptions;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code doris-cdc demo}: the whole job on embedded defaults, verified. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole job on embedded defaults and verifies it; needs only a JDK.", "",
                "Starts an embedded PostgreSQL (real server) and the Doris emulator, creates sample tables with data,",
                "copies them, streams a mixed write load with live progress, waits for lag 0 and compares row counts",
                "and checksums of every table on both sides. Needs nothing but a JDK.",
                "Exit code 0 when the tables are equal, 1 when they differ, 3 when something failed, 130 when interrupted."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-d", "--duration"}, defaultValue = "20s", paramLabel = "DURATION",
            description = "How long the write load runs (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--rate", defaultValue = "150", paramLabel = "TXN_PER_S", description = "Transactions per second of the load (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = {"-k", "--keep-running"}, description = "Keep the pipeline running after the verification, until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--postgres-url", paramLabel = "JDBC_URL",
            description = {"Use this PostgreSQL (wal_level=logical, a user with REPLICATION) instead of the embedded one.",
                    "The demo creates schema doris_cdc_demo there (dropping an old one) and removes its slot at the end."})
    String postgresUrl;

    @Option(names = "--postgres-user", defaultValue = "postgres", paramLabel = "USER", description = "Its user (default ${DEFAULT-VALUE}).")
    String postgresUser;

    @Option(names = "--postgres-password-env", defaultValue = "PGPASSWORD", paramLabel = "VAR",
            description = "Environment variable holding its password (default ${DEFAULT-VALUE}).")
    String postgresPasswordEnv;

    @Option(names = "--doris-fe", paramLabel = "HOST:PORT",
            description = "Use this Doris FE (HTTP port) instead of the emulator; the demo (re)creates database doris_cdc_demo there.")
    String dorisFe;

    @Option(names = "--doris-user", defaultValue = "root", paramLabel = "USER", description = "The Doris user (default ${DEFAULT-VALUE}).")
    String dorisUser;

    @Option(names = "--doris-password-env", defaultValue = "DORIS_PASSWORD", paramLabel = "VAR",
            description = "Environment variable holding the Doris password (default ${DEFAULT-VALUE}).")
    String dorisPasswordEnv;

    @Option(names = "--plain", description = "Plain progress lines even on a terminal.")
    boolean plain;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve Prometheus metrics on 127.0.0.1:PORT while the demo runs.")
    Integer metricsPort;

    @Override
    public Integer call() throws SQLException {
        DemoOptions options = new DemoOptions(Units.duration(duration), rate, keepRunning, Optional.ofNullable(postgresUrl), postgresUser,
                env(postgresPasswordEnv), Optional.ofNullable(dorisFe), dorisUser, env(dorisPasswordEnv), plain,
                metricsPort == null ? OptionalInt.empty() : OptionalInt.of(metricsPort));
        StopSignal stop = StopSignal.install(java.time.Duration.ofMinutes(2));
        int code = ExitCodes.FAILED;
        try {
            code = new Demo(options, System.out, stop).run();
            return code;
        } finally {
            stop.finished(code);
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }
}
