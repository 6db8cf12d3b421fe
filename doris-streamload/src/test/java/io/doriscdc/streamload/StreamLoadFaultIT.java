package io.doriscdc.streamload;

import io.doriscdc.api.StreamPosition;
import static io.doriscdc.streamload.EmulatorFixture.await;
import static io.doriscdc.streamload.EmulatorFixture.failure;
import static io.doriscdc.streamload.EmulatorFixture.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.api.value.ObjectRow;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.emulator.LoadRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** One test per emulator fault: the right outcome, and every row in the table exactly once. */
class StreamLoadFaultIT {

    static final TableSchema SCHEMA = new TableSchema(TableId.of("public", "f"), 1, ReplicaIdentity.DEFAULT, List.of(
            new Column("id", ColumnType.of(20, -1, LogicalType.INT64, "int8"), true, false),
            new Column("v", ColumnType.of(1043, 9, LogicalType.TEXT, "varchar"), false, true)));
    static final int ROWS = 50;

    static DorisEmulator emu;
    EmulatorFixture fx;
    DorisTableId table;
    final List<String> events = new CopyOnWriteArrayList<>();
    final PipelineListener listener = new PipelineListener() {
        @Override
        public void batchDelivered(Batch batch, DeliveryReceipt receipt) {
            events.add("delivered " + receipt.outcome() + " rows=" + receipt.rowsLoaded() + " bytes=" + receipt.bytes());
        }

        @Override
        public void deliveryRetry(Batch batch, int attempt, TransportException cause, Duration backoff) {
            events.add("retry " + attempt);
        }

        @Override
        public void deliveryFailed(Batch batch, TransportException cause) {
            events.add("failed");
        }
    };

    @BeforeAll
    static void start() {
        emu = DorisEmulator.builder().backends(2).user("root", "pw").start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void table(TestInfo info) {
        emu.faults().clear();
        fx = new EmulatorFixture(emu);
        table = fx.table("f_" + info.getTestMethod().orElseThrow().getName().toLowerCase(), "`id` BIGINT NOT NULL, `v` VARCHAR(5) NULL", "`id`");
    }

    @AfterEach
    void clearFaults() {
        emu.faults().clear();
    }

    private DeliveryReceipt deliver(Map<String, String> settings) {
        try (StreamLoadTransport t = fx.transport(settings, listener)) {
            return await(t.deliver(fiftyRows(t)));
        }
    }

    private Batch fiftyRows(StreamLoadTransport t) {
        return fx.batch(t, SCHEMA, table, e -> {
            for (int i = 0; i < ROWS; i++) {
                e.upsert(ObjectRow.of(SCHEMA, (long) i, "v" + i), StreamPosition.of(1, 1));
            }
        });
    }

    private void assertEveryRowOnce() {
        List<Map<String, Object>> rows = emu.table("it", table.table()).rows();
        assertThat(rows).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            assertThat(rows.get(i)).containsEntry("id", (long) i).containsEntry("v", "v" + i);
        }
    }

    private List<LoadRecord> loadsOfThisTable() {
        return emu.loads().stream().filter(l -> l.table().equals(table.table())).toList();
    }

    @Test
    void tooManyVersionsIsRetriedUnderTheSameLabel() {
        emu.faults().failNextLoads(2, "Fail", "[E-235]failed to init rowset builder. version count: 2001, exceed limit: 2000, tablet: 1");
        DeliveryReceipt r = deliver(Map.of());
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.COMMITTED);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(loadsOfThisTable()).extracting(LoadRecord::label).containsOnly(r.label());
        assertThat(events).containsExactly("retry 1", "retry 2", "delivered COMMITTED rows=50 bytes=" + r.bytes());
        assertEveryRowOnce();
    }

    @Test
    void aTransientBackendErrorIsRetried() {
        emu.faults().failNextLoads(1, "Fail", "[INTERNAL_ERROR]cancelled: tablet writer write failed, err=NETWORK_ERROR");
        assertThat(deliver(Map.of()).attempts()).isEqualTo(2);
        assertEveryRowOnce();
    }

    @Test
    void anAuthFailureIsFinal() {
        try (StreamLoadTransport t = fx.transport(map("password", "wrong"), listener)) {
            Throwable e = failure(t.deliver(fiftyRows(t)));
            assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("Access denied").hasMessageNotContaining("wrong");
            assertThat(((TransportException) e).retryable()).isFalse();
        }
        assertThat(events).containsExactly("failed");
        assertThat(emu.table("it", table.table()).rows()).isEmpty();
    }

    @Test
    void aDataQualityErrorIsFinalAndQuotesTheRejectedRows() {
        table = fx.table(table.table(), "`id` BIGINT NOT NULL, `v` VARCHAR(5) NOT NULL", "`id`");
        try (StreamLoadTransport t = fx.transport(Map.of(), listener)) {
            Batch b = fx.batch(t, SCHEMA, table, e -> e.upsert(ObjectRow.of(SCHEMA, 1L, "far too long for varchar(5)"), StreamPosition.of(1, 1)));
            Throwable e = failure(t.deliver(b));
            assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("too many filtered rows")
                    .hasMessageContaining("far too long");
            assertThat(((TransportException) e).retryable()).isFalse();
        }
    }

    @Test
    void aValueDorisCannotConvertFailsTheLoadInsteadOfBecomingNull() {
        // a nullable INT column: in Doris's non-strict mode the value would be stored as NULL in silence
        table = fx.table(table.table(), "`id` BIGINT NOT NULL, `v` INT NULL", "`id`");
        try (StreamLoadTransport t = fx.transport(Map.of(), listener)) {
            Batch b = fx.batch(t, SCHEMA, table, e -> e.upsert(ObjectRow.of(SCHEMA, 1L, "12345678901234"), StreamPosition.of(1, 1)));
            Throwable e = failure(t.deliver(b));
            assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("too many filtered rows");
            assertThat(((TransportException) e).retryable()).isFalse();
            assertThat(emu.table("it", table.table()).rows()).isEmpty();
        }
    }

    @Test
    void publishTimeoutCountsAsCommitted() {
        emu.faults().publishTimeoutNext(1);
        DeliveryReceipt r = deliver(Map.of());
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.COMMITTED_PUBLISH_PENDING);
        assertThat(r.attempts()).isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(this::assertEveryRowOnce);
    }

    @Test
    void aConnectionResetMidBodyIsRetried() {
        emu.faults().resetMidBody(1);
        assertThat(deliver(Map.of()).attempts()).isEqualTo(2);
        assertEveryRowOnce();
    }

    @Test
    void aResetAfterCommitIsResolvedByTheLabelNotByLoadingTwice() {
        emu.faults().resetAfterCommit(1);
        DeliveryReceipt r = deliver(Map.of());
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.ALREADY_COMMITTED);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(loadsOfThisTable().stream().filter(l -> l.status().equals("Success")).count()).isLessThanOrEqualTo(1);
        assertEveryRowOnce();
    }

    @Test
    void aResetAfterPrecommitIsCommittedThroughTheLabel() {
        emu.faults().resetAfterCommit(1);
        DeliveryReceipt r = deliver(map("two-phase-commit", "true"));
        assertThat(r.outcome()).isIn(DeliveryOutcome.COMMITTED, DeliveryOutcome.ALREADY_COMMITTED);
        assertEveryRowOnce();
    }

    @Test
    void aRedirectToADeadBackendIsRetried() {
        emu.faults().redirectToDeadBackend(1);
        assertThat(deliver(Map.of()).attempts()).isEqualTo(2);
        assertEveryRowOnce();
    }

    @Test
    void aSlowBackendStillCommitsTheBatch() {
        emu.faults().slowReads(20_000);
        DeliveryReceipt r = deliver(Map.of());
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.COMMITTED);
        assertThat(r.attempts()).isEqualTo(1);
        assertEveryRowOnce();
    }

    @Test
    void feServerErrorsAreRetried() {
        emu.faults().feServerError(2, 503);
        assertThat(deliver(Map.of()).attempts()).isEqualTo(3);
        assertEveryRowOnce();
    }

    @Test
    void sqlRetryAsksItsGuardAgain() {
        // issue 23 finding 2: a TRUNCATE's retry must not reach Doris once the instance lost its lease
        try (StreamLoadTransport t = fx.transport(map("fe", "127.0.0.1:1," + "127.0.0.1:" + emu.feHttpPort()), listener)) {
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.sql().orElseThrow().execute(table.database(), "TRUNCATE TABLE " + table.toSql(),
                    () -> {
                        if (asked.incrementAndGet() > 1) {
                            throw new IllegalStateException("lease lost");
                        }
                    })).hasMessage("lease lost");
            assertThat(asked).hasValue(2);
        }
    }

    @Test
    void aSqlStatementOutlastsAnFeBusyForAMoment() {
        // an FE answering 503 twice (restarting, overloaded) must not fail a column change or a TRUNCATE
        try (StreamLoadTransport t = fx.transport(map(), listener)) {
            emu.faults().feServerError(2, 503);
            assertThat(t.sql().orElseThrow().execute(table.database(), "DESC " + table.toSql())).isNotEmpty();
        }
    }

    @Test
    void aDeadFeIsSkippedForTheNextOne() {
        DeliveryReceipt r = deliver(map("fe", "127.0.0.1:1," + "127.0.0.1:" + emu.feHttpPort()));
        assertThat(r.attempts()).isEqualTo(2);
        assertEveryRowOnce();
    }

    @Test
    void slowResponsesPastTheLoadTimeoutAreRetriedAndResolvedByLabel() {
        emu.faults().delayResponses(Duration.ofMillis(1500));
        DeliveryReceipt r = deliver(map("load-timeout", "1s", "read-timeout", "1s", "max-attempts", "20"));
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.ALREADY_COMMITTED);
        assertEveryRowOnce();
    }

    @Test
    void givingUpAfterMaxAttemptsFailsRetryably() {
        emu.faults().failNextLoads(5, "Fail", "[E-235]too many versions");
        try (StreamLoadTransport t = fx.transport(map("max-attempts", "3"), listener)) {
            Throwable e = failure(t.deliver(fiftyRows(t)));
            assertThat(e).hasMessageContaining("after 3 failed attempt(s)");
            assertThat(((TransportException) e).retryable()).isTrue();
        }
        assertThat(events).containsExactly("retry 1", "retry 2", "failed");
    }

    @Test
    void aLargeBatchDorisAlreadyHasIsAnsweredWithoutSendingItsBody() {
        Map<String, String> direct = new java.util.HashMap<>(fx.settings(Map.of()));
        direct.remove("fe"); // no FE to ask get_load_state: the BE's early answer itself must be read
        direct.put("be", "127.0.0.1:" + emu.backendPorts().get(0));
        try (StreamLoadTransport t = StreamLoadTransport.create(StreamLoadSettings.from(io.doriscdc.api.transport.TransportConfig.of(direct)),
                listener)) {
            Batch big = fx.batch(t, SCHEMA, table, e -> {
                for (int i = 0; i < 20_000; i++) {
                    e.upsert(ObjectRow.of(SCHEMA, (long) i, "v" + (i % 1000)), StreamPosition.of(1, 1));
                }
            });
            assertThat(big.byteCount()).isGreaterThan(512 * 1024);
            assertThat(await(t.deliver(big)).outcome()).isEqualTo(DeliveryOutcome.COMMITTED);

            DeliveryReceipt again = await(t.deliver(big));

            // Doris answers Label Already Exists before it asks for the body: the client must read that answer
            // instead of pushing 0.5 MB into a closed connection, which without an FE would fail every attempt
            assertThat(again.outcome()).isEqualTo(DeliveryOutcome.ALREADY_COMMITTED);
            assertThat(again.attempts()).isEqualTo(1);
            assertThat(loadsOfThisTable().stream().filter(l -> l.status().equals("Success")).count()).isEqualTo(1);
        }
    }
}
