package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Domains, enums and arrays of domains are typed alike by the copy and the stream: a domain column
 * is read as its base type (timestamptz in UTC, interval, boolean, char(n) with its padding,
 * numeric through a domain over a domain), also as the key, so that copied rows and rows the
 * stream changes afterwards load the same values; the emulator's table equals PostgreSQL's value by
 * value, for copied, updated, inserted and re-keyed rows.
 */
@PostgresTest
class SnapshotDomainsIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    private static final ObjectMapper JSON = new ObjectMapper();

    static DorisEmulator emu;

    @BeforeAll
    static void startEmulator() {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
    }

    @AfterAll
    static void stopEmulator() {
        emu.close();
    }

    @Test
    void domainColumnsAndADomainKeyLoadTheSameValuesWhetherCopiedOrStreamed() throws Exception {
        PG.execute("CREATE DOMAIN d_ts AS timestamptz", "CREATE DOMAIN d_iv AS interval", "CREATE DOMAIN d_flag AS boolean",
                "CREATE DOMAIN d_code AS char(3)", "CREATE DOMAIN d_money AS numeric(10,2)", "CREATE DOMAIN d_amount AS d_money",
                "CREATE DOMAIN d_key AS char(6) CHECK (VALUE <> '')", "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE typed (k d_key PRIMARY KEY, ts d_ts, iv d_iv, flag d_flag, code d_code, amount d_amount, m mood, "
                        + "codes d_code[])",
                "INSERT INTO typed SELECT 'k' || g, timestamptz '2024-02-29 12:34:56.789+05:30' + g * interval '61 minutes', "
                        + "g * interval '1 day 02:00:03.5' + (g % 3) * interval '1 month', g % 2 = 0, chr(97 + g % 26) || 'x', g * 1.25, "
                        + "(ARRAY['sad', 'ok', 'happy'])[1 + g % 3]::mood, ARRAY[chr(97 + g % 26), 'ab', NULL]::d_code[] "
                        + "FROM generate_series(1, 3000) g",
                "INSERT INTO typed VALUES ('nulls', NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        emu.sql("db", "CREATE TABLE db.typed (k VARCHAR(8), ts DATETIME(6), iv STRING, flag BOOLEAN, code VARCHAR(8), "
                + "amount DECIMAL(10,2), m VARCHAR(16), codes STRING) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 4 "
                + "PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
        try (Pipeline p = Pipeline.create(PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("typed").publication("typed").route("public.typed", "db", "typed")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).transportSetting("format", "json")
                .batchMaxAge(Duration.ofMillis(100)).snapshotParallelism(2).snapshotChunkPages(16)
                .build())) {
            p.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> p.status().get(0).state() == TableState.STREAMING);
            awaitEqual(); // the copied rows
            PG.execute("UPDATE typed SET ts = ts + interval '1 day', iv = -iv, flag = NOT flag, code = 'q', amount = amount + 0.01, "
                            + "m = 'happy', codes = ARRAY['zz', NULL]::d_code[] WHERE right(k, 1) IN ('1', '4')",
                    "UPDATE typed SET k = 'r' || substr(k, 2) WHERE right(k, 1) = '7'", // the domain key changes
                    "DELETE FROM typed WHERE right(k, 1) = '9'",
                    "INSERT INTO typed SELECT 'n' || g, now(), interval '-3 years 2 mons -1 days +04:05:06.000001', true, 'n', 0.5, "
                            + "'sad', '{}'::d_code[] FROM generate_series(1, 50) g");
            awaitEqual(); // and the streamed ones
        }
    }

    private static void awaitEqual() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Map<String, String>> pg = postgres();
            Map<String, Map<String, String>> doris = doris();
            assertThat(doris).as(EmulatorTables.differences(pg, doris)).isEqualTo(pg);
        });
    }

    /** PostgreSQL's values as Doris holds them: timestamptz in UTC, intervals in ISO 8601, char(n) padded, arrays as JSON. */
    private static Map<String, Map<String, String>> postgres() throws Exception {
        Map<String, Map<String, String>> out = new TreeMap<>();
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            st.execute("SET IntervalStyle = iso_8601");
            try (ResultSet rs = st.executeQuery("SELECT k::bpchar, (ts AT TIME ZONE 'UTC'), iv::text, flag::boolean, code::bpchar, "
                    + "amount::numeric, m::text, to_json(codes)::text FROM typed")) {
                while (rs.next()) {
                    Map<String, String> row = new TreeMap<>();
                    row.put("k", rs.getString(1));
                    row.put("ts", rs.getObject(2) == null ? null : rs.getObject(2, LocalDateTime.class).toString());
                    row.put("iv", rs.getString(3));
                    row.put("flag", rs.getObject(4) == null ? null : String.valueOf(rs.getBoolean(4)));
                    row.put("code", rs.getString(5));
                    row.put("amount", decimal(rs.getBigDecimal(6)));
                    row.put("m", rs.getString(7));
                    row.put("codes", json(rs.getString(8)));
                    out.put(rs.getString(1), row);
                }
            }
        }
        return out;
    }

    private static Map<String, Map<String, String>> doris() throws Exception {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Map<String, Object> r : emu.table("db", "typed").rows()) {
            Map<String, String> row = new TreeMap<>();
            row.put("k", (String) r.get("k"));
            row.put("ts", r.get("ts") == null ? null : r.get("ts").toString());
            row.put("iv", (String) r.get("iv"));
            row.put("flag", r.get("flag") == null ? null : r.get("flag").toString());
            row.put("code", (String) r.get("code"));
            row.put("amount", decimal((BigDecimal) r.get("amount")));
            row.put("m", (String) r.get("m"));
            row.put("codes", json((String) r.get("codes")));
            out.put((String) r.get("k"), row);
        }
        return out;
    }

    private static String decimal(BigDecimal d) {
        return d == null ? null : d.stripTrailingZeros().toPlainString();
    }

    /** JSON text normalised; anything else as it is (so that a wrong rendering shows as a difference). */
    private static String json(String text) {
        try {
            return text == null ? null : JSON.readTree(text).toString();
        } catch (java.io.IOException e) {
            return text;
        }
    }
}
