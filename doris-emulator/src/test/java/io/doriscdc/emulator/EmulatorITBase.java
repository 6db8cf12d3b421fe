package io.doriscdc.emulator;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts an emulator per test with database {@code db} and the CDC-shaped table {@code t}. */
abstract class EmulatorITBase {
    protected DorisEmulator emu;
    protected DorisHttp http;

    protected DorisEmulator.Builder configure(DorisEmulator.Builder b) {
        return b;
    }

    @BeforeEach
    void startEmulator() {
        emu = configure(DorisEmulator.builder()).start();
        http = new DorisHttp(emu);
        emu.sql("db", "CREATE DATABASE db");
        emu.sql("db", "CREATE TABLE t (id INT NOT NULL, v VARCHAR(10), n BIGINT) UNIQUE KEY(id) "
                + "DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"function_column.sequence_type\" = \"bigint\")");
        emu.sql("db", "CREATE TABLE plain (id INT NOT NULL, v VARCHAR(10), n BIGINT) UNIQUE KEY(id) "
                + "DISTRIBUTED BY HASH(id) BUCKETS 1");
    }

    @AfterEach
    void stopEmulator() {
        emu.close();
    }

    /** JSON-lines headers for table t with the sequence column fed by {@code s} and the delete sign in the data. */
    static Map<String, String> jsonSeq(String label) {
        return Map.of("label", label, "format", "json", "read_json_by_line", "true",
                "function_column.sequence_col", "s", "hidden_columns", "__DORIS_DELETE_SIGN__");
    }

    static Map<String, String> json(String label) {
        return Map.of("label", label, "format", "json", "read_json_by_line", "true");
    }
}
