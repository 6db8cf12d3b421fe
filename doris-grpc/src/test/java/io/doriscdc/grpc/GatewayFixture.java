package io.doriscdc.grpc;

import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.BatchLabels;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.api.value.ObjectRow;
import io.doriscdc.emulator.DorisEmulator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Test helper: gateways in front of an emulator, grpc transports, tables, batches with fresh labels. Not thread-safe. */
final class GatewayFixture {

    static final String PASSWORD = "pw";

    final DorisEmulator emu;
    private final String prefix = "g" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20);
    private long lsn = 0x10000;

    GatewayFixture(DorisEmulator emu) {
        this.emu = emu;
    }

    /** Streamload settings of a gateway: the emulator's FE, quick retries. */
    Map<String, String> dorisSettings(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("fe", "127.0.0.1:" + emu.feHttpPort(), "user", "root", "password", PASSWORD,
                "initial-backoff", "10ms", "max-backoff", "100ms", "read-timeout", "5s", "load-timeout", "10s"));
        s.putAll(extra);
        return s;
    }

    IngestGateway.Builder gateway(Map<String, String> dorisExtra) {
        return IngestGateway.builder().bind("127.0.0.1").port(0).doris(TransportConfig.of(dorisSettings(dorisExtra)))
                .drainTimeout(java.time.Duration.ofSeconds(20));
    }

    static Transport transport(List<IngestGateway> gateways, Map<String, String> extra, PipelineListener listener) {
        Map<String, String> s = new HashMap<>(Map.of("targets", gateways.stream().map(g -> "127.0.0.1:" + g.port())
                .collect(Collectors.joining(",")), "initial-backoff", "10ms", "max-backoff", "100ms", "deadline", "20s"));
        s.putAll(extra);
        return Transports.load("grpc").create(TransportConfig.of(s), listener);
    }

    static TableSchema schema() {
        return new TableSchema(TableId.of("public", "items"), 4343, ReplicaIdentity.DEFAULT, List.of(
                new Column("id", ColumnType.of(20, -1, LogicalType.INT64, "int8"), true, false),
                new Column("name", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true)));
    }

    static ObjectRow row(long id, String name) {
        return ObjectRow.of(schema(), id, name);
    }

    DorisTableId table(String name) {
        emu.sql("it", "CREATE DATABASE IF NOT EXISTS it");
        emu.sql("it", "DROP TABLE IF EXISTS `it`.`" + name + "`");
        emu.sql("it", "CREATE TABLE `it`.`" + name + "` (`id` BIGINT NOT NULL, `name` STRING NULL) UNIQUE KEY(`id`) "
                + "DISTRIBUTED BY HASH(`id`) BUCKETS 1 PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", "
                + "\"function_column.sequence_type\" = \"largeint\")");
        return DorisTableId.of("it", name);
    }

    Batch batch(Transport t, DorisTableId target, Consumer<BatchEncoder> writes) {
        BatchEncoder e = t.newEncoder(new TableMapping(schema(), target));
        writes.accept(e);
        long first = lsn;
        lsn += 0x100;
        return new Batch(target, BatchLabels.of(prefix, target, StreamPosition.of(first, 1), StreamPosition.of(first + 1, 1)), StreamPosition.of(first, 1), StreamPosition.of(first + 1, 1), e.finish());
    }

    /** A batch of rows {@code from..to-1}, each with a name of about {@code nameBytes} bytes. */
    Batch rows(Transport t, DorisTableId target, int from, int to, int nameBytes, long version) {
        String pad = "x".repeat(Math.max(0, nameBytes));
        return batch(t, target, e -> {
            for (int i = from; i < to; i++) {
                e.upsert(row(i, "n" + i + pad), StreamPosition.of(version, 1));
            }
        });
    }

    static DeliveryReceipt await(CompletableFuture<DeliveryReceipt> f) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("delivery failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no receipt in 60 s", e);
        }
    }

    static Throwable failure(CompletableFuture<DeliveryReceipt> f) {
        try {
            f.get(60, TimeUnit.SECONDS);
            throw new AssertionError("delivery succeeded but was expected to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome in 60 s", e);
        }
    }

    /** Committed (or visible) loads the emulator saw under {@code label}. */
    long committedLoads(String label) {
        return emu.loads().stream().filter(l -> l.label().equals(label))
                .filter(l -> l.state().name().equals("COMMITTED") || l.state().name().equals("VISIBLE")).count();
    }
}
