package io.doriscdc.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.runtime.FailoverSlot;
import io.doriscdc.runtime.FailurePolicy;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TruncatePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

    private static final String VALID = """
            postgres:
              url: jdbc:postgresql://db:5432/shop
              user: cdc
              password: ${env:PG_PASSWORD}
              properties:
                sslmode: require
            slot: shop_to_doris
            publication: shop_pub
            transport:
              scheme: streamload
              settings:
                fe: doris-fe:8030
                user: loader
                password: ${env:DORIS_PASSWORD}
                format: csv
            tables:
              - source: public.orders
                target: shop.orders
              - source: public.customers
                target: shop.customers
            batch:
              max-rows: 50000
              max-bytes: 32MiB
              max-age: 500ms
            memory:
              budget: 128MiB
              ring-size: 4096
            snapshot:
              initial: false
              parallelism: 4
            policies:
              truncate: ignore
              failure: stop-pipeline
            metrics:
              port: 9464
            """;

    private static final Secrets ENV = Secrets.of(Map.of("PG_PASSWORD", "pg-secret", "DORIS_PASSWORD", "doris-secret"));

    private static CliConfig parse(String yaml) {
        return ConfigReader.parse("pipeline.yaml", yaml, ENV);
    }

    private static ConfigError error(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigError e) {
            return e;
        }
        throw new AssertionError("expected a ConfigError for:\n" + yaml);
    }

    @Test
    void aCompleteFileBecomesAPipelineConfiguration() {
        CliConfig c = parse(VALID);
        PipelineConfig p = c.pipelineConfig(PipelineListener.NONE);
        assertThat(p.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/shop");
        assertThat(p.user()).isEqualTo("cdc");
        assertThat(p.password()).isEqualTo("pg-secret");
        assertThat(p.pgProperties()).containsEntry("sslmode", "require");
        assertThat(p.slotName()).isEqualTo("shop_to_doris");
        assertThat(p.publicationName()).isEqualTo("shop_pub");
        assertThat(p.transportSettings()).containsEntry("password", "doris-secret").containsEntry("fe", "doris-fe:8030");
        assertThat(p.routes()).hasSize(2);
        assertThat(p.routes().get(0).toString()).isEqualTo("public.orders -> shop.orders");
        assertThat(p.batchMaxRows()).isEqualTo(50_000);
        assertThat(p.batchMaxBytes()).isEqualTo(32L << 20);
        assertThat(p.batchMaxAge()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.memoryBudgetBytes()).isEqualTo(128L << 20);
        assertThat(p.ringSize()).isEqualTo(4096);
        assertThat(p.initialSnapshot()).isFalse();
        assertThat(p.snapshotParallelism()).isEqualTo(4);
        assertThat(p.truncatePolicy()).isEqualTo(TruncatePolicy.IGNORE);
        assertThat(p.failurePolicy()).isEqualTo(FailurePolicy.STOP_PIPELINE);
        assertThat(c.metricsPort()).hasValue(9464);
    }

    @Test
    void failoverSlotIsAutoUnlessSetAndReadsTrueFalseAndAuto() {
        assertThat(parse(VALID).pipelineConfig(PipelineListener.NONE).failoverSlot()).isEqualTo(FailoverSlot.AUTO);
        for (var e : Map.of("true", FailoverSlot.ON, "false", FailoverSlot.OFF, "auto", FailoverSlot.AUTO, "'TRUE'", FailoverSlot.ON).entrySet()) {
            String yaml = VALID.replace("metrics:", "replication:\n  failover-slot: " + e.getKey() + "\nmetrics:");
            assertThat(parse(yaml).pipelineConfig(PipelineListener.NONE).failoverSlot()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(error(VALID.replace("metrics:", "replication:\n  failover-slot: maybe\nmetrics:")).getMessage())
                .isEqualTo("pipeline.yaml:35: replication.failover-slot: 'maybe' is not one of [auto, true, false]");
    }

    @Test
    void secretsNeverAppearWhenTheConfigurationIsPrinted() {
        assertThat(parse(VALID).toString()).doesNotContain("pg-secret").doesNotContain("doris-secret").contains("****");
    }

    @Test
    void anUnknownKeyNamesTheKeyTheLineAndTheKnownKeys() {
        ConfigError e = error(VALID.replace("  max-age: 500ms", "  max-agee: 500ms"));
        assertThat(e.key()).isEqualTo("batch.max-agee");
        assertThat(e.line()).isEqualTo(24);
        assertThat(e.getMessage()).startsWith("pipeline.yaml:24: batch.max-agee: unknown key; known keys here: [max-rows, max-bytes, max-age, max-loads-per-second]");
    }

    @Test
    void anUnknownTopLevelKeyIsAnError() {
        assertThat(error("slots: x\n" + VALID).getMessage()).startsWith("pipeline.yaml:1: slots: unknown key");
    }

    @Test
    void theLoadRateOfAnIdleStreamIsADecimalNumberWithinItsRange() {
        String yaml = VALID.replace("  max-age: 500ms\n", "  max-age: 500ms\n  max-loads-per-second: 0.5\n");
        assertThat(parse(yaml).pipelineConfig(PipelineListener.NONE).batchMaxLoadsPerSecond()).isEqualTo(0.5);
        assertThat(parse(VALID).pipelineConfig(PipelineListener.NONE).batchMaxLoadsPerSecond()).as("default").isEqualTo(1.0);
        assertThat(error(yaml.replace("0.5", "often")).getMessage())
                .isEqualTo("pipeline.yaml:25: batch.max-loads-per-second: 'often' is not a number; write e.g. 1, 0.5 or 4");
        assertThat(error(yaml.replace("0.5", "0")).getMessage()).startsWith("pipeline.yaml:25: batch.max-loads-per-second: "
                + "batch max loads per second 0.0 is out of range [0.001, 1000]");
    }

    @Test
    void aValueThePipelineRefusesNamesTheKeyAndTheLine() {
        ConfigError e = error(VALID.replace("ring-size: 4096", "ring-size: 1000"));
        assertThat(e.getMessage()).isEqualTo("pipeline.yaml:27: memory.ring-size: ring size 1000 must be a power of two from 64 to 1048576");
    }

    @Test
    void aMalformedValueNamesTheKeyTheLineAndTheExpectedForm() {
        assertThat(error(VALID.replace("max-age: 500ms", "max-age: soon")).getMessage())
                .isEqualTo("pipeline.yaml:24: batch.max-age: 'soon' is not a duration; write e.g. 500ms, 30s, 5m or 1h");
        assertThat(error(VALID.replace("max-bytes: 32MiB", "max-bytes: lots")).getMessage())
                .isEqualTo("pipeline.yaml:23: batch.max-bytes: 'lots' is not a byte size; write e.g. 1048576, 64KiB, 64MiB or 1GiB");
        assertThat(error(VALID.replace("max-rows: 50000", "max-rows: many")).getMessage())
                .isEqualTo("pipeline.yaml:22: batch.max-rows: 'many' is not an integer");
        assertThat(error(VALID.replace("initial: false", "initial: nope")).getMessage())
                .isEqualTo("pipeline.yaml:29: snapshot.initial: 'nope' is not a boolean; write true or false");
        assertThat(error(VALID.replace("truncate: ignore", "truncate: drop")).getMessage())
                .isEqualTo("pipeline.yaml:32: policies.truncate: 'drop' is not one of [propagate, ignore, fail]");
    }

    @Test
    void aMissingEnvironmentVariableIsNamedWithItsKey() {
        ConfigError e = assertThrowsConfigError(() -> ConfigReader.parse("pipeline.yaml", VALID, Secrets.of(Map.of("PG_PASSWORD", "x"))));
        assertThat(e.getMessage()).isEqualTo("pipeline.yaml:14: transport.settings.password: environment variable 'DORIS_PASSWORD' "
                + "is not set; export it or use ${file:/path}");
    }

    @Test
    void aSecretCanComeFromAFileWithoutItsLineBreak(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("pg.pw");
        Files.writeString(secret, "from-file\n");
        CliConfig c = parse(VALID.replace("${env:PG_PASSWORD}", "${file:" + secret + "}"));
        assertThat(c.postgresPassword()).isEqualTo("from-file");
    }

    @Test
    void anUnreadableSecretFileIsNamedButNotShown() {
        assertThat(error(VALID.replace("${env:PG_PASSWORD}", "${file:/nonexistent/pw}")).getMessage())
                .isEqualTo("pipeline.yaml:4: postgres.password: secret file '/nonexistent/pw' cannot be read (NoSuchFileException); "
                        + "check the path and its permissions");
    }

    @Test
    void anUnknownTransportSettingIsNamedWithItsLine() {
        ConfigError e = error(VALID.replace("format: csv", "formatt: csv"));
        assertThat(e.key()).isEqualTo("transport.settings.formatt");
        assertThat(e.line()).isEqualTo(15);
        assertThat(e.getMessage()).contains("unknown streamload transport setting(s) [formatt]");
    }

    @Test
    void anUnknownTransportSchemeListsTheAvailableOnes() {
        ConfigError e = error(VALID.replace("scheme: streamload", "scheme: carrier-pigeon"));
        assertThat(e.getMessage()).startsWith("pipeline.yaml:10: transport.scheme: no transport for scheme 'carrier-pigeon'; available: [")
                .contains("streamload");
    }

    @Test
    void tablesAreRequiredAndEachNeedsASourceAndATarget() {
        String noTables = VALID.substring(0, VALID.indexOf("tables:")) + VALID.substring(VALID.indexOf("batch:"));
        assertThat(error(noTables).getMessage()).startsWith("pipeline.yaml: tables: at least one table is required");
        assertThat(error(VALID.replace("target: shop.orders", "target: orders")).getMessage())
                .isEqualTo("pipeline.yaml:18: tables[0].target: 'orders' must be database.table (e.g. shop.orders)");
        assertThat(error(VALID.replace("    target: shop.customers", "    targett: shop.customers")).getMessage())
                .startsWith("pipeline.yaml:20: tables[1].targett: unknown key; known keys here: [source, target]");
    }

    @Test
    void aTableMappedTwiceIsAnError() {
        assertThat(error(VALID.replace("source: public.customers", "source: public.orders")).getMessage())
                .contains("tables[1]: table public.orders is mapped twice");
    }

    @Test
    void aGroupGivenAsAValueIsAnError() {
        assertThat(error(VALID.replace("batch:\n  max-rows: 50000\n  max-bytes: 32MiB\n  max-age: 500ms\n", "batch: 5\n")).getMessage())
                .isEqualTo("pipeline.yaml:21: batch: must be a mapping with keys [max-rows, max-bytes, max-age, max-loads-per-second]");
    }

    @Test
    void brokenYamlNamesTheLine() {
        ConfigError e = error("postgres:\n  url: [unclosed\n");
        assertThat(e.getMessage()).startsWith("pipeline.yaml:").contains("is not valid YAML");
        assertThat(e.line()).isPositive();
    }

    private static ConfigError assertThrowsConfigError(Runnable r) {
        try {
            r.run();
        } catch (ConfigError e) {
            return e;
        }
        throw new AssertionError("expected a ConfigError");
    }

    @Test
    void unitsAcceptTheDocumentedForms() {
        assertThat(Units.bytes("1048576")).isEqualTo(1L << 20);
        assertThat(Units.bytes("64KiB")).isEqualTo(64L << 10);
        assertThat(Units.bytes("2 GiB")).isEqualTo(2L << 30);
        assertThat(Units.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Units.duration("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> Units.bytes("-1")).hasMessageContaining("is not a byte size");
    }
}
