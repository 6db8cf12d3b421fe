package io.doriscdc.tck;

import io.doriscdc.api.StreamPosition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.BatchLabels;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.api.value.ObjectRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The transport TCK. An implementation extends this class and supplies {@link #createTransport()}: a
 * transport connected to a Doris (or an emulator) whose {@link Transport#sql()} endpoint can create
 * databases and tables and read rows. Every test creates its own table in {@link #database()} in the
 * doris-cdc table model (Unique Key merge-on-write, hidden bigint sequence column) and reads it back
 * through that same SQL endpoint, so the kit needs nothing target-specific.
 *
 * <p>Not thread-safe; JUnit runs one test of an instance at a time.
 */
public abstract class TransportTck {

    private static final long TIMEOUT_SECONDS = 60;

    private Transport transport;
    private SqlEndpoint sql;
    private DorisTableId target;
    private TableMapping mapping;
    private long nextLsn = 0x1000;
    /** Labels outlive tables in Doris: a fresh prefix per test instance keeps earlier runs' labels out of the way. */
    private final String labelPrefix = "tck" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16);

    /** A new transport for one test; the kit closes it after the test. */
    protected abstract Transport createTransport();

    /** The database the kit's tables live in. */
    protected String database() {
        return "tck";
    }

    @BeforeEach
    void createTable(TestInfo info) {
        transport = createTransport();
        sql = transport.sql().orElseThrow(() -> new AssertionError("the TCK needs Transport.sql() to create and read tables"));
        String name = "tck_" + info.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
        name = name.length() > 60 ? name.substring(0, 60) : name;
        target = DorisTableId.of(database(), name);
        sql.execute(database(), "CREATE DATABASE IF NOT EXISTS " + database());
        sql.execute(database(), "DROP TABLE IF EXISTS " + target.toSql());
        sql.execute(database(), "CREATE TABLE " + target.toSql() + " (`id` BIGINT NOT NULL, `name` VARCHAR(200) NULL, `note` STRING NULL) "
                + "UNIQUE KEY(`id`) DISTRIBUTED BY HASH(`id`) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", "
                + "\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
        mapping = new TableMapping(schema(), target);
    }

    @AfterEach
    void closeTransport() {
        if (transport != null) {
            transport.close();
        }
    }

    /** The source table: id bigint primary key, name text, note text (the one that is TOASTed). */
    protected static TableSchema schema() {
        return new TableSchema(TableId.of("public", "tck"), 4242, ReplicaIdentity.DEFAULT, List.of(
                new Column("id", ColumnType.of(20, -1, LogicalType.INT64, "int8"), true, false),
                new Column("name", ColumnType.of(1043, 204, LogicalType.TEXT, "varchar"), false, true),
                new Column("note", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true)));
    }

    protected static ObjectRow row(long id, Object name, Object note) {
        return ObjectRow.of(schema(), id, name, note);
    }

    @Test
    void batchIsVisibleOnceItsReceiptArrives() {
        Batch b = batch(e -> {
            e.upsert(row(1, "alice", "a"), StreamPosition.of(10, 1));
            e.upsert(row(2, "bob", null), StreamPosition.of(11, 1));
        });
        DeliveryReceipt r = deliver(b);
        assertThat(r.label()).isEqualTo(b.label());
        assertThat(r.outcome()).isIn(DeliveryOutcome.COMMITTED, DeliveryOutcome.COMMITTED_PUBLISH_PENDING);
        assertThat(r.attempts()).isGreaterThanOrEqualTo(1);
        assertThat(rows()).containsExactly(List.of("1", "alice", "a"), List.of("2", "bob", "<null>"));
    }

    @Test
    void redeliveringACommittedBatchUnderItsLabelDoesNotDuplicateIt() {
        Batch b = batch(e -> {
            e.upsert(row(1, "alice", "a"), StreamPosition.of(10, 1));
            e.upsert(row(2, "bob", "b"), StreamPosition.of(11, 1));
        });
        deliver(b);
        DeliveryReceipt again = deliver(b);
        assertThat(again.outcome()).isEqualTo(DeliveryOutcome.ALREADY_COMMITTED);
        assertThat(rows()).containsExactly(List.of("1", "alice", "a"), List.of("2", "bob", "b"));
    }

    @Test
    void replayingAnOlderBatchAfterANewerOneKeepsTheNewerRows() {
        Batch older = batch(e -> {
            e.upsert(row(1, "old", "o"), StreamPosition.of(10, 1));
            e.upsert(row(2, "old", "o"), StreamPosition.of(10, 1));
        });
        Batch newer = batch(e -> e.upsert(row(1, "new", "n"), StreamPosition.of(20, 1)));
        deliver(newer);
        deliver(older);
        assertThat(rows()).containsExactly(List.of("1", "new", "n"), List.of("2", "old", "o"));
    }

    @Test
    void deleteRemovesTheRowAndAnOlderDeleteIsIgnored() {
        deliver(batch(e -> {
            e.upsert(row(1, "a", "x"), StreamPosition.of(10, 1));
            e.upsert(row(2, "b", "y"), StreamPosition.of(10, 1));
        }));
        deliver(batch(e -> {
            e.delete(row(1, null, null), StreamPosition.of(20, 1));
            e.delete(row(2, null, null), StreamPosition.of(5, 1));
        }));
        assertThat(rows()).containsExactly(List.of("2", "b", "y"));
    }

    @Test
    void insertAndDeleteOfTheSameKeyInOneBatchLeavesNoRow() {
        deliver(batch(e -> {
            e.upsert(row(7, "a", "x"), StreamPosition.of(10, 1));
            e.delete(row(7, null, null), StreamPosition.of(11, 1));
            e.upsert(row(8, "b", "y"), StreamPosition.of(12, 1));
        }));
        assertThat(rows()).containsExactly(List.of("8", "b", "y"));
    }

    @Test
    void unchangedToastColumnKeepsItsStoredValue() {
        deliver(batch(e -> e.upsert(row(1, "first", "big toasted text"), StreamPosition.of(10, 1))));
        deliver(batch(e -> {
            e.upsert(row(1, "second", ObjectRow.UNCHANGED), StreamPosition.of(20, 1));
            e.upsert(row(2, "fresh", "n"), StreamPosition.of(21, 1));
        }));
        assertThat(rows()).containsExactly(List.of("1", "second", "big toasted text"), List.of("2", "fresh", "n"));
    }

    @Test
    void unchangedToastRowAfterAFullRowOfTheSameBatchKeepsTheFullRowsValue() {
        deliver(batch(e -> {
            e.upsert(row(3, "v1", "note v1"), StreamPosition.of(10, 1));
            e.upsert(row(3, "v2", ObjectRow.UNCHANGED), StreamPosition.of(11, 1));
        }));
        assertThat(rows()).containsExactly(List.of("3", "v2", "note v1"));
    }

    @Test
    void deliveryToAMissingTableFailsAndIsNotRetryable() {
        DorisTableId missing = DorisTableId.of(database(), "tck_no_such_table");
        BatchEncoder e = transport.newEncoder(new TableMapping(schema(), missing));
        e.upsert(row(1, "a", "b"), StreamPosition.of(1, 1));
        long first = nextLsn++;
        Batch b = new Batch(missing, BatchLabels.of(labelPrefix, missing, StreamPosition.of(first, 1), StreamPosition.of(first, 1)), StreamPosition.of(first, 1), StreamPosition.of(first, 1), e.finish());
        CompletableFuture<DeliveryReceipt> f = transport.deliver(b);
        assertThatThrownBy(() -> f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TransportException.class)
                .satisfies(t -> {
                    assertThat(((TransportException) t).retryable()).as("retryable").isFalse();
                    assertThat(((TransportException) t).label()).isEqualTo(b.label());
                });
    }

    @Test
    void manyBatchesDeliveredAtOnceAllArrive() {
        List<CompletableFuture<DeliveryReceipt>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int base = i * 10;
            futures.add(transport.deliver(batch(e -> {
                for (int k = 0; k < 10; k++) {
                    e.upsert(row(base + k, "n" + (base + k), null), StreamPosition.of(1, 1));
                }
            })));
        }
        futures.forEach(f -> await(f));
        assertThat(rows()).hasSize(80);
    }

    // ---- helpers for subclasses ----

    /** The transport under test (valid during a test). */
    protected Transport transport() {
        return transport;
    }

    /** The table of the current test. */
    protected DorisTableId target() {
        return target;
    }

    /** A batch of the current table with a fresh LSN range (hence a fresh label). */
    protected Batch batch(Consumer<BatchEncoder> writes) {
        BatchEncoder e = transport.newEncoder(mapping);
        writes.accept(e);
        long first = nextLsn;
        nextLsn += 0x100;
        return new Batch(target, BatchLabels.of(labelPrefix, target, StreamPosition.of(first, 1), StreamPosition.of(first + 1, 1)), StreamPosition.of(first, 1), StreamPosition.of(first + 1, 1), e.finish());
    }

    protected DeliveryReceipt deliver(Batch b) {
        return await(transport.deliver(b));
    }

    protected static DeliveryReceipt await(CompletableFuture<DeliveryReceipt> f) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("delivery failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no receipt within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Visible rows of the current table in key order, every value as a string ({@code <null>} for NULL). */
    protected List<List<String>> rows() {
        List<List<String>> out = new ArrayList<>();
        for (Map<String, Object> r : sql.execute(database(), "SELECT id, name, note FROM " + target.toSql() + " ORDER BY id")) {
            List<String> values = new ArrayList<>();
            r.values().forEach(v -> values.add(v == null ? "<null>" : v.toString()));
            out.add(values);
        }
        return out;
    }
}
