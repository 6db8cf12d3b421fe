package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The BE's limits (emulator internal BeLimits): string lengths beyond
 * {@code string_type_length_soft_limit_bytes} filter their row in strict mode and outside it
 * ({@code OlapTableBlockConvertor::_validate_column}); a tablet with more than
 * {@code max_tablet_version_num} versions refuses loads with -235 until compaction catches up
 * ({@code RowsetBuilder::check_tablet_version_count}).
 */
class BeLimitsIT extends EmulatorITBase {

    @Override
    protected DorisEmulator.Builder configure(DorisEmulator.Builder b) {
        return b.stringSoftLimitBytes(64).tabletVersions(5, 20);
    }

    @Test
    void aStringOverTheSoftLimitFiltersItsRowInStrictModeAndOutsideIt() throws Exception {
        emu.sql("db", "CREATE TABLE s (id INT NOT NULL, v STRING, j JSON, c VARCHAR(10)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1");
        String big = "é".repeat(40); // 40 chars, 80 bytes: over the 64-byte limit
        for (String strict : new String[] {"true", "false"}) {
            Map<String, Object> r = http.beLoad("db", "s", Map.of("label", "str-" + strict, "strict_mode", strict, "max_filter_ratio", "1"),
                    "1\t" + big + "\t{}\tok\n2\tfits\t{}\tok\n3\tx\t{}\t" + "a".repeat(11) + "\n");
            assertThat(r).as("strict_mode " + strict).containsEntry("NumberFilteredRows", 2).containsEntry("NumberLoadedRows", 1);
        }
        Map<String, Object> r = http.beLoad("db", "s", Map.of("label", "str-fail"), "4\t" + big + "\t{}\tok\n");
        assertThat(r).containsEntry("Status", "Fail");
        assertThat(String.valueOf(r.get("FirstErrorMsg"))).contains("the length of input string is too long than vec schema",
                "limit length: 64", "actual length: 80");
        assertThat(emu.table("db", "s").rows()).extracting(m -> m.get("id")).containsExactly(2L);
    }

    @Test
    void loadsFailWithTooManyVersionsUntilCompactionCatchesUp() throws Exception {
        int failed = 0;
        int loaded = 0;
        for (int i = 0; i < 12; i++) {
            Map<String, Object> r = http.beLoad("db", "plain", Map.of("label", "v" + i), i + "\ta\t" + i + "\n");
            if ("Success".equals(r.get("Status"))) {
                loaded++;
            } else {
                failed++;
                assertThat(String.valueOf(r.get("Message"))).contains("[E-235]failed to init rowset builder. version count: ",
                        "exceed limit: 5");
            }
        }
        assertThat(failed).as("back-to-back loads outpace compaction of 20 versions/s").isGreaterThan(0);
        assertThat(loaded).isGreaterThanOrEqualTo(5);
        // compaction removes 20 versions a second: the same load, retried, goes through
        long deadline = System.nanoTime() + 10_000_000_000L;
        Map<String, Object> after;
        do {
            after = http.beLoad("db", "plain", Map.of("label", "after"), "99\ta\t1\n");
        } while (!"Success".equals(after.get("Status")) && System.nanoTime() < deadline);
        assertThat(after).containsEntry("Status", "Success");
    }
}
