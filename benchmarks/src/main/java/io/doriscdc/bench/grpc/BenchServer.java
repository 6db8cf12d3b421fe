package io.doriscdc.bench.grpc;

import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.grpc.IngestGateway;
import java.io.IOException;
import java.util.Map;

/**
 * The Doris side of {@link GrpcVsStreamLoadBenchmark}, in its own JVM so that the benchmark process's CPU
 * is the pipeline's alone: the emulator, its table and an ingest gateway in front of it. Prints
 * {@code READY <fe port> <gateway port>}, serves until its standard input closes.
 */
public final class BenchServer {

    static final String DDL = "`id` BIGINT NOT NULL, `name` STRING NULL, `email` STRING NULL, `qty` INT NULL, `score` DOUBLE NULL";

    private BenchServer() {
    }

    public static void main(String[] args) throws IOException {
        try (DorisEmulator emu = DorisEmulator.builder().backends(2).memoryBudgetBytes(1L << 30).maxLoadHistory(100).start()) {
            emu.sql("bench", "CREATE DATABASE IF NOT EXISTS bench");
            emu.sql("bench", "CREATE TABLE `bench`.`items` (" + DDL + ") UNIQUE KEY(`id`) DISTRIBUTED BY HASH(`id`) BUCKETS 1 "
                    + "PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
            try (IngestGateway gw = IngestGateway.builder().bind("127.0.0.1").port(0)
                    .doris(TransportConfig.of(Map.of("fe", "127.0.0.1:" + emu.feHttpPort(), "io-threads", "8"))).start()) {
                System.out.println("READY " + emu.feHttpPort() + " " + gw.port());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // serve until the benchmark closes our stdin
                }
            }
        }
    }
}
