package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.value.Row;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A detached {@link io.doriscdc.api.value.ObjectRow} (unchanged-TOAST fill, key-change re-select)
 * reads exactly like the lazy row it was copied from, over the whole range of PostgreSQL's date and
 * time types, in text and in binary.
 */
class ObjectRowAgreementTest {

    private static final int DATE = 1082;
    private static final int TIME = 1083;
    private static final int TIMESTAMP = 1114;
    private static final int TIMESTAMPTZ = 1184;
    private static final int INTERVAL = 1186;
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private static Row row(int typeOid, Wire value) {
        RelationCache cache = new RelationCache();
        cache.apply(new RelationMessage(0, 1, "public", "t", ReplicaIdentity.DEFAULT,
                List.of(new RelationMessage.RelationColumn(0, "v", typeOid, -1))));
        InsertMessage ins = (InsertMessage) new PgOutputDecoder().decode(
                java.nio.ByteBuffer.wrap(Wire.msg('I').i32(1).i8('N').i16(1).raw(value.bytes()).bytes()), Wire.LSN);
        return ins.newTuple().row(cache.schema(1));
    }

    /** Microseconds since 2000-01-01 of a UTC wall-clock time, computed without a long overflow for PG's range. */
    private static long pgMicros(LocalDateTime t) {
        return (t.toEpochSecond(ZoneOffset.UTC) - PG_EPOCH_SECONDS) * 1_000_000L + t.getNano() / 1000;
    }

    private static final List<String> TIMESTAMPS = List.of("0001-01-01 00:00:00", "9999-12-31 23:59:59.999999",
            "4714-11-24 00:00:00 BC", "294276-12-31 23:59:59.999999", "294247-01-10 04:00:54.775806",
            "294247-01-10 04:00:54.775807", "1677-09-21 00:12:43.145224", "2262-04-11 23:47:16.854776", "1969-12-31 23:59:59.999999");

    private static LocalDateTime parse(String pg) {
        boolean bc = pg.endsWith(" BC");
        String s = bc ? pg.substring(0, pg.length() - 3) : pg;
        int dash = s.indexOf('-');
        int year = Integer.parseInt(s.substring(0, dash));
        return LocalDateTime.parse("2000" + s.substring(dash).replace(' ', 'T')).withYear(bc ? 1 - year : year);
    }

    private static List<String> check(int oid, String text, Wire binary) {
        List<String> out = new ArrayList<>(RowAgreement.of(row(oid, new Wire().text(text)), "text '" + text + "'"));
        out.addAll(RowAgreement.of(row(oid, new Wire().binary(binary.bytes())), "binary '" + text + "'"));
        return out;
    }

    @Test
    void timestampsAtPostgresLimitsReadTheSameFromACopy() {
        List<String> bad = new ArrayList<>();
        for (String ts : TIMESTAMPS) {
            long pg = pgMicros(parse(ts));
            bad.addAll(check(TIMESTAMP, ts, new Wire().i64(pg)));
            String tz = ts.endsWith(" BC") ? ts.replace(" BC", "+00 BC") : ts + "+00";
            bad.addAll(check(TIMESTAMPTZ, tz, new Wire().i64(pg)));
        }
        assertThat(bad).isEmpty();
    }

    @Test
    void infiniteTimestampsAndDatesReadTheSameFromACopy() {
        List<String> bad = new ArrayList<>();
        for (int oid : new int[] {TIMESTAMP, TIMESTAMPTZ}) {
            bad.addAll(check(oid, "infinity", new Wire().i64(Long.MAX_VALUE)));
            bad.addAll(check(oid, "-infinity", new Wire().i64(Long.MIN_VALUE)));
        }
        bad.addAll(check(DATE, "infinity", new Wire().i32(Integer.MAX_VALUE)));
        bad.addAll(check(DATE, "-infinity", new Wire().i32(Integer.MIN_VALUE)));
        bad.addAll(check(INTERVAL, "infinity", new Wire().i64(Long.MAX_VALUE).i32(Integer.MAX_VALUE).i32(Integer.MAX_VALUE)));
        bad.addAll(check(INTERVAL, "-infinity", new Wire().i64(Long.MIN_VALUE).i32(Integer.MIN_VALUE).i32(Integer.MIN_VALUE)));
        assertThat(bad).isEmpty();
    }

    @Test
    void datesAtPostgresLimitsReadTheSameFromACopy() {
        List<String> bad = new ArrayList<>();
        for (String d : List.of("4714-11-24 BC", "5874897-12-31", "0001-01-01", "9999-12-31", "0001-12-31 BC")) {
            LocalDate date = parse(d.endsWith(" BC") ? d.replace(" BC", " 00:00:00 BC") : d + " 00:00:00").toLocalDate();
            bad.addAll(check(DATE, d, new Wire().i32((int) (date.toEpochDay() - 10_957))));
        }
        assertThat(bad).isEmpty();
    }

    @Test
    void endOfDayTimeReadsTheSameFromACopy() {
        assertThat(check(TIME, "24:00:00", new Wire().i64(86_400_000_000L))).isEmpty();
        assertThat(check(TIME, "23:59:59.999999", new Wire().i64(86_399_999_999L))).isEmpty();
    }

    @Test
    void theLongestIntervalsReadTheSameFromACopy() {
        assertThat(check(INTERVAL, "-2562047788:00:54.775808", new Wire().i64(Long.MIN_VALUE).i32(0).i32(0))).isEmpty();
        assertThat(check(INTERVAL, "-178956970 years -8 mons -2147483648 days +2562047788:00:54.775807",
                new Wire().i64(Long.MAX_VALUE).i32(Integer.MIN_VALUE).i32(Integer.MIN_VALUE))).isEmpty();
    }
}
