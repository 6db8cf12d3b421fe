package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.Lsn;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.runtime.testing.Wal;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A value the encoder cannot load (NaN inside a numeric[], which Doris's ARRAY&lt;DECIMAL&gt; cannot
 * hold) stops its own table with an error naming the table, column, Doris type and position, and
 * holds the slot before it; every other table streams on and the pipeline keeps running.
 */
@PostgresTest
class BadValueIsolationIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void start() {
        emu = DorisEmulator.builder().backends(1).start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void aNanInANumericArrayStopsOnlyItsTable() throws Exception {
        PG.execute("CREATE TABLE nums (id int PRIMARY KEY, na numeric(10,2)[])", "CREATE TABLE others (id int PRIMARY KEY, v text)",
                "INSERT INTO nums VALUES (1, '{1.5,2.25}')", "INSERT INTO others VALUES (1, 'a')");
        PipelineConfig cfg = PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("badvalue").publication("badvalue").route("public.nums", "db", "nums").route("public.others", "db", "others")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).createTables(true)
                .batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1)).build();
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            EmulatorTables.awaitEqual(emu, PG, "db", "others", "id");
            await().atMost(Duration.ofMinutes(1)).until(() -> emu.table("db", "nums").rows().size() == 1);
            PG.execute("INSERT INTO nums VALUES (2, '{1.5,NaN}')");
            // the end of the INSERT's commit or later: the slot may acknowledge a keepalive's position inside the INSERT's
            // WAL (it commits after it and is replayed), never its commit
            Lsn afterInsert = Wal.insertLsn(PG);
            await().atMost(Duration.ofSeconds(30)).until(() -> state(p, "public.nums") == TableState.FAILED);
            String error = p.status().stream().filter(s -> s.route().source().toString().equals("public.nums")).findFirst().orElseThrow().lastError();
            assertThat(error).contains("public.nums", "column 'na'", "ARRAY<DECIMAL>", "NaN", "stream position", "nan-policy");
            assertThat(error).doesNotContain("DATETIME");
            PG.execute("INSERT INTO others SELECT g, 'after ' || g FROM generate_series(2, 50) g", "UPDATE others SET v = 'changed' WHERE id = 1");
            EmulatorTables.awaitEqual(emu, PG, "db", "others", "id");
            assertThat(p.failure()).as("one table's value never stops the pipeline").isEmpty();
            assertThat(p.isRunning()).isTrue();
            assertThat(Wal.confirmedFlush(PG, "badvalue").value()).as("the slot stays before the refused change").isLessThan(afterInsert.value());
        }
    }

    /**
     * With text values (a column without a binary decoder switches the stream to them), money arrives as
     * lc_monetary prints it ({@code $1,301.75}): it loads as its amount, as the copy loads it, not as text
     * that Doris's DECIMAL refuses in strict mode.
     */
    @Test
    void moneyInTextValuesLoadsAsItsAmount() throws Exception {
        PG.execute("CREATE TABLE wallet (id int PRIMARY KEY, m money)", "INSERT INTO wallet VALUES (1, 1301.75), (2, -0.5)");
        PipelineConfig cfg = PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("wallet").publication("wallet").route("public.wallet", "db", "wallet")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).createTables(true).binaryValues(false)
                .batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1)).build();
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            PG.execute("INSERT INTO wallet VALUES (3, 2301.75), (4, -1234567.89)", "UPDATE wallet SET m = m + 1::money WHERE id = 1");
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(emu.table("db", "wallet").rows())
                    .extracting(r -> r.get("id") + "=" + new java.math.BigDecimal(String.valueOf(r.get("m"))).stripTrailingZeros().toPlainString())
                    .containsExactlyInAnyOrder("1=1302.75", "2=-0.5", "3=2301.75", "4=-1234567.89"));
            assertThat(p.status().get(0).state()).isEqualTo(TableState.STREAMING);
        }
    }

    /**
     * A string longer than Doris's {@code string_type_length_soft_limit_bytes} (an emulator at 64 bytes
     * here, 1 MiB by default): the table stops with what to change — the BE setting and a value that
     * fits — holding the slot, while the other table streams on.
     */
    @Test
    void aStringOverDorissLimitSaysWhatToChangeAndHoldsTheSlot() throws Exception {
        try (DorisEmulator strict = DorisEmulator.builder().backends(1).stringSoftLimitBytes(64).start()) {
            PG.execute("CREATE TABLE docs (id int PRIMARY KEY, body text)", "CREATE TABLE notes (id int PRIMARY KEY, v text)");
            PipelineConfig cfg = PipelineConfig.builder()
                    .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                    .slot("toolong").publication("toolong").route("public.docs", "db", "docs").route("public.notes", "db", "notes")
                    .transport("streamload").transportSetting("fe", "127.0.0.1:" + strict.feHttpPort()).createTables(true)
                    .batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1)).build();
            try (Pipeline p = Pipeline.create(cfg)) {
                p.start();
                PG.execute("INSERT INTO docs VALUES (1, repeat('x', 100))");
                Lsn afterInsert = Wal.insertLsn(PG); // at or after the INSERT's commit

                await().atMost(Duration.ofSeconds(30)).until(() -> state(p, "public.docs") == TableState.FAILED);
                String error = p.status().stream().filter(s -> s.route().source().toString().equals("public.docs")).findFirst().orElseThrow().lastError();
                assertThat(error).contains("column body", "100 bytes", "string_type_length_soft_limit_bytes to at least 100", "slot is held");
                PG.execute("INSERT INTO notes SELECT g, 'n' || g FROM generate_series(1, 20) g");
                EmulatorTables.awaitEqual(strict, PG, "db", "notes", "id");
                assertThat(Wal.confirmedFlush(PG, "toolong").value()).as("the slot stays before the refused change").isLessThan(afterInsert.value());
                assertThat(p.failure()).isEmpty();
            }
        }
    }

    /** A value the copy cannot load stops its table once, with its reason, instead of a copy retried every 10 s forever. */
    @Test
    void aNanInTheCopyStopsItsTableInsteadOfRetryingForever() throws Exception {
        PG.execute("CREATE TABLE copied_nan (id int PRIMARY KEY, na numeric(10,2)[])", "CREATE TABLE copied_ok (id int PRIMARY KEY, v text)",
                "INSERT INTO copied_nan VALUES (1, '{1.5}'), (2, '{NaN}')", "INSERT INTO copied_ok VALUES (1, 'a')");
        PipelineConfig cfg = PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("copynan").publication("copynan").route("public.copied_nan", "db", "copied_nan").route("public.copied_ok", "db", "copied_ok")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).createTables(true)
                .batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1)).build();
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> state(p, "public.copied_nan") == TableState.FAILED);
            String error = p.status().stream().filter(s -> s.route().source().toString().equals("public.copied_nan")).findFirst().orElseThrow().lastError();
            assertThat(error).contains("copy of public.copied_nan", "ARRAY<DECIMAL>", "NaN", "restart");
            PG.execute("INSERT INTO copied_ok VALUES (2, 'b')");
            EmulatorTables.awaitEqual(emu, PG, "db", "copied_ok", "id");
            assertThat(p.failure()).isEmpty();
        }
    }

    private static TableState state(Pipeline p, String table) {
        return p.status().stream().filter(s -> s.route().source().toString().equals(table)).findFirst().orElseThrow().state();
    }



}
