package io.doriscdc.cli.demo;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the demo runs against and for how long. Immutable.
 *
 * @param loadDuration how long the write load runs
 * @param transactionsPerSecond the load's pace
 * @param keepRunning keep the pipeline running after the verification, until Ctrl-C
 * @param postgresUrl a real PostgreSQL to use instead of the embedded one
 * @param postgresUser its user
 * @param postgresPassword its password
 * @param dorisFe a real Doris FE (host:port) to use instead of the emulator
 * @param dorisUser its user
 * @param dorisPassword its password
 * @param plain plain progress lines even on a terminal
 * @param metricsPort serve Prometheus metrics on this port
 */
public record DemoOptions(Duration loadDuration, int transactionsPerSecond, boolean keepRunning, Optional<String> postgresUrl,
                          String postgresUser, String postgresPassword, Optional<String> dorisFe, String dorisUser,
                          String dorisPassword, boolean plain, OptionalInt metricsPort) {
}
