package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The "done" scenario: SQL endpoint, JSON lines with deletes and a sequence column through a 307, exact rows back. */
class EndToEndIT {
    private DorisEmulator emu;
    private DorisHttp http;

    @BeforeEach
    void start() {
        long t0 = System.nanoTime();
        emu = DorisEmulator.builder().start();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("emulator start took " + ms + " ms");
        http = new DorisHttp(emu);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    // §1.1 redirect + §1.2 headers + §4 delete sign and sequence column, Addendum SQL over HTTP
    @Test
    void createTableThenLoadJsonLinesWithDeletesAndSequenceThroughRedirectGivesExactRows() throws Exception {
        assertThat(http.sql("app", "CREATE DATABASE IF NOT EXISTS app")).containsEntry("code", 0);
        Map<String, Object> created = http.sql("app", """
                CREATE TABLE IF NOT EXISTS `app`.`orders` (
                  `id` BIGINT NOT NULL,
                  `name` VARCHAR(64) NULL,
                  `amount` DECIMAL(10, 2) NULL,
                  `created` DATETIME(3) NULL
                ) ENGINE=OLAP
                UNIQUE KEY(`id`)
                DISTRIBUTED BY HASH(`id`) BUCKETS 1
                PROPERTIES ("replication_num" = "1", "enable_unique_key_merge_on_write" = "true",
                            "function_column.sequence_type" = "bigint")""");
        assertThat(created).containsEntry("code", 0).containsEntry("msg", "success");

        String body = String.join("\n",
                "{\"id\":1,\"name\":\"a\",\"amount\":\"1.50\",\"created\":\"2024-01-02 03:04:05.678\",\"_seq\":10,\"__DORIS_DELETE_SIGN__\":0}",
                "{\"id\":2,\"name\":\"b\",\"amount\":2,\"created\":null,\"_seq\":11,\"__DORIS_DELETE_SIGN__\":0}",
                "{\"id\":3,\"name\":\"c\",\"_seq\":12,\"__DORIS_DELETE_SIGN__\":0}",
                "{\"id\":1,\"name\":\"a2\",\"amount\":\"9.99\",\"_seq\":20,\"__DORIS_DELETE_SIGN__\":0}",
                "{\"id\":2,\"_seq\":21,\"__DORIS_DELETE_SIGN__\":1}",
                "{\"id\":3,\"name\":\"stale\",\"_seq\":5,\"__DORIS_DELETE_SIGN__\":0}");
        Map<String, Object> r = http.streamLoad("app", "orders", Map.of(
                "label", "orders_0_100", "format", "json", "read_json_by_line", "true",
                "hidden_columns", "__DORIS_DELETE_SIGN__", "function_column.sequence_col", "_seq"), body);

        assertThat(r).containsEntry("Status", "Success").containsEntry("Message", "OK")
                .containsEntry("NumberTotalRows", 6).containsEntry("NumberLoadedRows", 6)
                .containsEntry("NumberFilteredRows", 0).containsEntry("Label", "orders_0_100");
        List<Map<String, Object>> rows = emu.table("app", "orders").rows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("id", 1L).containsEntry("name", "a2")
                .containsEntry("amount", new java.math.BigDecimal("9.99")).containsEntry("created", null);
        assertThat(rows.get(1)).containsEntry("id", 3L).containsEntry("name", "c");
        assertThat(rows.get(0).keySet()).containsExactly("id", "name", "amount", "created");
        Map<String, Object> select = http.sql("app", "SELECT * FROM orders");
        assertThat(select).containsEntry("code", 0);
    }
}
