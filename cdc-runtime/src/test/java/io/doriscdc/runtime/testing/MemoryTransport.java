package io.doriscdc.runtime.testing;

import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.EncodedBatch;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.api.transport.TransportProvider;
import io.doriscdc.api.value.ObjectRow;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport for runtime tests that keeps Doris-like Unique Key tables in memory: rows keyed by
 * their key columns' text, a version per key (larger wins, equal: later wins), deletes as
 * tombstones with their version, unchanged TOAST columns keeping the stored value, labels
 * remembered (a committed label answers ALREADY_COMMITTED). Scheme {@code memory}; tables live in
 * a static registry named by the setting {@code store}.
 */
public final class MemoryTransport implements Transport {

    /** Registered in META-INF/services of the test classpath. */
    public static final class Provider implements TransportProvider {
        @Override
        public String scheme() {
            return "memory";
        }

        @Override
        public Transport create(TransportConfig config, PipelineListener listener) {
            config.requireOnlyKnownKeys("memory", Set.of("store", "delay-ms", "count-bytes"));
            return new MemoryTransport(store(config.require("store")), config.getInt("delay-ms", 0, 0, 60_000),
                    config.getBoolean("count-bytes", false));
        }
    }

    /** The tables of one store, shared by every transport naming it. */
    public static final class Store {
        final Map<DorisTableId, Map<String, StoredRow>> tables = new ConcurrentHashMap<>();
        final Set<String> labels = ConcurrentHashMap.newKeySet();
        final AtomicInteger failNext = new AtomicInteger();
        final AtomicInteger deliveries = new AtomicInteger();
        final AtomicInteger largestBatch = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong largestBatchBytes = new java.util.concurrent.atomic.AtomicLong();
        volatile boolean failRetryable = true;

        /** The visible rows of a table: key text → column name → value text (null for NULL), sorted by key. */
        public synchronized Map<String, Map<String, String>> rows(DorisTableId table) {
            Map<String, Map<String, String>> out = new TreeMap<>();
            tables.getOrDefault(table, Map.of()).forEach((k, r) -> {
                if (!r.deleted) {
                    out.put(k, r.values);
                }
            });
            return out;
        }

        /** Fails the next {@code n} deliveries. */
        public void failNext(int n, boolean retryable) {
            failRetryable = retryable;
            failNext.set(n);
        }

        public int deliveries() {
            return deliveries.get();
        }

        /** The most rows one delivered batch held. */
        public int largestBatch() {
            return largestBatch.get();
        }

        /** The most bytes one delivered batch held (with {@code count-bytes=true}: the UTF-16 length of its values' text, else 100 a row). */
        public long largestBatchBytes() {
            return largestBatchBytes.get();
        }

        public synchronized void truncate(DorisTableId table) {
            tables.remove(table);
        }
    }

    record StoredRow(Map<String, String> values, StreamPosition version, boolean deleted) {
    }

    private static final Map<String, Store> STORES = new ConcurrentHashMap<>();

    public static Store store(String name) {
        return STORES.computeIfAbsent(name, n -> new Store());
    }

    private final Store store;
    private final int delayMs;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "memory-transport");
        t.setDaemon(true);
        return t;
    });

    private final boolean countBytes;

    private MemoryTransport(Store store, int delayMs, boolean countBytes) {
        this.store = store;
        this.delayMs = delayMs;
        this.countBytes = countBytes;
    }

    @Override
    public String scheme() {
        return "memory";
    }

    /** The visible rows of a table of this transport's store. */
    public Map<String, Map<String, String>> storeRows(DorisTableId table) {
        return store.rows(table);
    }

    private record Change(boolean delete, Map<String, String> values, String key, StreamPosition version) {
    }

    private record Payload(List<Change> changes, long byteCount) implements EncodedBatch {
        @Override
        public int rowCount() {
            return changes.size();
        }
    }

    @Override
    public BatchEncoder newEncoder(TableMapping mapping) {
        int[] keys = mapping.source().keyIndexes();
        return new BatchEncoder() {
            private List<Change> changes = new ArrayList<>();
            private long bytes;

            @Override
            public void upsert(Row row, StreamPosition version) {
                Map<String, String> values = values(row);
                changes.add(new Change(false, values, key(row), version));
                if (countBytes) {
                    values.values().forEach(v -> bytes += v == null ? 1 : v.length());
                }
            }

            @Override
            public void delete(Row row, StreamPosition version) {
                changes.add(new Change(true, Map.of(), key(row), version));
            }

            private String key(Row row) {
                StringBuilder sb = new StringBuilder();
                for (int k : keys) {
                    sb.append(row.getString(k)).append('\u0001');
                }
                return sb.toString();
            }

            private Map<String, String> values(Row row) {
                Map<String, String> v = new TreeMap<>();
                for (int i = 0; i < row.columnCount(); i++) {
                    ValueState s = row.state(i);
                    String name = row.schema().column(i).name();
                    if (s == ValueState.PRESENT) {
                        v.put(name, row instanceof ObjectRow ? String.valueOf(row.getObject(i)) : row.getString(i));
                    } else if (s == ValueState.NULL) {
                        v.put(name, null);
                    }
                }
                return v;
            }

            @Override
            public int rowCount() {
                return changes.size();
            }

            @Override
            public long byteCount() {
                return countBytes ? bytes : changes.size() * 100L;
            }

            @Override
            public EncodedBatch finish() {
                Payload p = new Payload(List.copyOf(changes), byteCount());
                changes = new ArrayList<>();
                bytes = 0;
                return p;
            }
        };
    }

    @Override
    public CompletableFuture<DeliveryReceipt> deliver(Batch batch) {
        store.largestBatch.accumulateAndGet(batch.rowCount(), Math::max);
        store.largestBatchBytes.accumulateAndGet(batch.byteCount(), Math::max);
        CompletableFuture<DeliveryReceipt> f = new CompletableFuture<>();
        executor.schedule(() -> {
            try {
                f.complete(apply(batch));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
        return f;
    }

    private DeliveryReceipt apply(Batch batch) {
        store.deliveries.incrementAndGet();
        if (store.failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new TransportException("injected failure of " + batch.label(), store.failRetryable, batch.label());
        }
        synchronized (store) {
            if (!store.labels.add(batch.label())) {
                return new DeliveryReceipt(batch.label(), -1, DeliveryOutcome.ALREADY_COMMITTED, 0, 0, batch.byteCount(), 1, Duration.ZERO);
            }
            Map<String, StoredRow> table = store.tables.computeIfAbsent(batch.target(), t -> new ConcurrentHashMap<>());
            for (Change c : ((Payload) batch.payload()).changes()) {
                StoredRow old = table.get(c.key());
                if (old != null && old.version().isAfter(c.version())) {
                    continue; // the sequence column: an older version never overwrites a newer one
                }
                if (c.delete()) {
                    table.put(c.key(), new StoredRow(old == null ? Map.of() : old.values(), c.version(), true));
                } else {
                    Map<String, String> merged = new TreeMap<>();
                    if (old != null && !old.deleted()) {
                        merged.putAll(old.values());
                    }
                    merged.putAll(c.values());
                    table.put(c.key(), new StoredRow(merged, c.version(), false));
                }
            }
        }
        return new DeliveryReceipt(batch.label(), 1, DeliveryOutcome.COMMITTED, batch.rowCount(), 0, batch.byteCount(), 1, Duration.ZERO);
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
