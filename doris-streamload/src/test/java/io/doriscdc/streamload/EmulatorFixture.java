package io.doriscdc.streamload;

import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.BatchLabels;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.emulator.DorisEmulator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Test helper: transports pointed at an emulator, tables, batches with fresh labels. Not thread-safe. */
final class EmulatorFixture {

    final DorisEmulator emu;
    private final String prefix = "it" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20);
    private long lsn = 0x10000;

    EmulatorFixture(DorisEmulator emu) {
        this.emu = emu;
    }

    Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("fe", "127.0.0.1:" + emu.feHttpPort(), "user", "root", "password", "pw",
                "initial-backoff", "10ms", "max-backoff", "100ms", "read-timeout", "5s", "load-timeout", "10s"));
        s.putAll(extra);
        return s;
    }

    StreamLoadTransport transport(Map<String, String> extra, PipelineListener listener) {
        return StreamLoadTransport.create(StreamLoadSettings.from(TransportConfig.of(settings(extra))), listener);
    }

    DorisTableId table(String name, String columnsDdl, String keys) {
        emu.sql("it", "CREATE DATABASE IF NOT EXISTS it");
        emu.sql("it", "DROP TABLE IF EXISTS `it`.`" + name + "`");
        emu.sql("it", "CREATE TABLE `it`.`" + name + "` (" + columnsDdl + ") UNIQUE KEY(" + keys + ") DISTRIBUTED BY HASH(" + keys
                + ") BUCKETS 1 PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
        return DorisTableId.of("it", name);
    }

    Batch batch(StreamLoadTransport t, TableSchema schema, DorisTableId target, Consumer<BatchEncoder> writes) {
        BatchEncoder e = t.newEncoder(new TableMapping(schema, target));
        writes.accept(e);
        long first = lsn;
        lsn += 0x100;
        return new Batch(target, BatchLabels.of(prefix, target, StreamPosition.of(first, 1), StreamPosition.of(first + 1, 1)), StreamPosition.of(first, 1), StreamPosition.of(first + 1, 1), e.finish());
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

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
