package io.doriscdc.api.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ObjectRow over the whole range of PostgreSQL's date/time types: the same numbers and text as the
 * decoder's lazy row gives, without overflow, and a named refusal where a long cannot hold the value.
 */
class ObjectRowTest {

    /** PostgreSQL's lowest timestamp, 4714-11-24 00:00:00 BC (year -4713 in ISO numbering). */
    private static final LocalDateTime PG_MIN = LocalDateTime.of(-4713, 11, 24, 0, 0);
    /** PostgreSQL's highest timestamp, 294276-12-31 23:59:59.999999. */
    private static final LocalDateTime PG_MAX = LocalDateTime.of(294_276, 12, 31, 23, 59, 59, 999_999_000);
    /** The last instant whose microseconds since 1970 fit a long below Long.MAX_VALUE (which means infinity). */
    private static final LocalDateTime LAST_IN_LONG = LocalDateTime.of(294_247, 1, 10, 4, 0, 54, 775_806_000);

    private static TableSchema schema(LogicalType type, String name) {
        return new TableSchema(TableId.of("public", "t"), 1, ReplicaIdentity.DEFAULT,
                List.of(new Column("v", ColumnType.of(0, -1, type, name), false, true)));
    }

    private static Row ts(Object v) {
        return ObjectRow.of(schema(LogicalType.TIMESTAMP, "timestamp"), v);
    }

    private static Row tstz(Object v) {
        return ObjectRow.of(schema(LogicalType.TIMESTAMPTZ, "timestamptz"), v);
    }

    private static Row date(Object v) {
        return ObjectRow.of(schema(LogicalType.DATE, "date"), v);
    }

    @Test
    void timestampsFarFrom1970GiveExactMicrosInsteadOfOverflowing() {
        assertThat(ts(LocalDateTime.of(1, 1, 1, 0, 0)).getLong(0)).isEqualTo(-62_135_596_800_000_000L);
        assertThat(ts(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)).getLong(0)).isEqualTo(253_402_300_799_999_999L);
        assertThat(ts(PG_MIN).getLong(0)).isEqualTo(-210_866_803_200_000_000L);
        assertThat(ts(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000)).getLong(0)).isEqualTo(-1L);
        assertThat(ts(LAST_IN_LONG).getLong(0)).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void timestamptzFarFrom1970GivesExactMicrosForInstantAndOffsetDateTime() {
        assertThat(tstz(Instant.parse("0001-01-01T00:00:00Z")).getLong(0)).isEqualTo(-62_135_596_800_000_000L);
        assertThat(tstz(Instant.parse("9999-12-31T23:59:59.999999Z")).getLong(0)).isEqualTo(253_402_300_799_999_999L);
        assertThat(tstz(PG_MIN.toInstant(ZoneOffset.UTC)).getLong(0)).isEqualTo(-210_866_803_200_000_000L);
        OffsetDateTime odt = OffsetDateTime.of(1, 1, 1, 2, 0, 0, 0, ZoneOffset.ofHours(2));
        assertThat(tstz(odt).getLong(0)).isEqualTo(-62_135_596_800_000_000L);
        assertThat(tstz(odt).getObject(0)).as("timestamptz values are Instants").isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    }

    @Test
    void infinityIsLongMaxAndMinForEveryTemporalType() {
        assertThat(ts(LocalDateTime.MAX).getLong(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(ts(LocalDateTime.MIN).getLong(0)).isEqualTo(Long.MIN_VALUE);
        assertThat(tstz(Instant.MAX).getLong(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(tstz(Instant.MIN).getLong(0)).isEqualTo(Long.MIN_VALUE);
        assertThat(tstz(OffsetDateTime.MAX).getObject(0)).isEqualTo(Instant.MAX);
        assertThat(tstz(OffsetDateTime.MIN).getLong(0)).isEqualTo(Long.MIN_VALUE);
        assertThat(date(LocalDate.MAX).getLong(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(date(LocalDate.MIN).getLong(0)).isEqualTo(Long.MIN_VALUE);
        assertThat(ts(LocalDateTime.MAX).getString(0)).isEqualTo("infinity");
        assertThat(tstz(Instant.MIN).getString(0)).isEqualTo("-infinity");
        assertThat(date(LocalDate.MAX).getString(0)).isEqualTo("infinity");
    }

    @Test
    void aTimestampPastTheLongRangeIsRefusedNamingColumnAndValue() {
        assertThatThrownBy(() -> ts(PG_MAX).getLong(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column v").hasMessageContaining("294276-12-31 23:59:59.999999");
        assertThatThrownBy(() -> ts(LAST_IN_LONG.plusNanos(1000)).getLong(0)).as("would read as infinity")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tstz(PG_MAX.toInstant(ZoneOffset.UTC)).getLong(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column v").hasMessageContaining("294276-12-31 23:59:59.999999+00");
        assertThat(ts(PG_MAX).getObject(0)).isEqualTo(PG_MAX);
    }

    @Test
    void datesCoverPostgresRange() {
        assertThat(date(LocalDate.of(-4713, 11, 24)).getLong(0)).isEqualTo(-2_440_588L);
        assertThat(date(LocalDate.of(5_874_897, 12, 31)).getLong(0)).isEqualTo(2_145_042_905L);
        assertThat(date(LocalDate.of(-4713, 11, 24)).getString(0)).isEqualTo("4714-11-24 BC");
        assertThat(date(LocalDate.of(5_874_897, 12, 31)).getString(0)).isEqualTo("5874897-12-31");
        assertThat(date(LocalDate.of(1, 1, 1)).getString(0)).isEqualTo("0001-01-01");
    }

    @Test
    void textFormsArePostgresOutputForDateTimeTypes() {
        assertThat(ts(LocalDateTime.of(1, 1, 1, 0, 0)).getString(0)).isEqualTo("0001-01-01 00:00:00");
        assertThat(ts(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)).getString(0)).isEqualTo("9999-12-31 23:59:59.999999");
        assertThat(ts(PG_MIN).getString(0)).isEqualTo("4714-11-24 00:00:00 BC");
        assertThat(ts(PG_MAX).getString(0)).isEqualTo("294276-12-31 23:59:59.999999");
        assertThat(ts(LocalDateTime.of(2024, 2, 29, 13, 45, 6, 250_000_000)).getString(0)).isEqualTo("2024-02-29 13:45:06.25");
        assertThat(tstz(Instant.parse("0000-01-01T00:00:00Z")).getString(0)).isEqualTo("0001-01-01 00:00:00+00 BC");
        assertThat(tstz(Instant.parse("2024-02-29T13:45:06.25Z")).getString(0)).isEqualTo("2024-02-29 13:45:06.25+00");
        Row time = ObjectRow.of(schema(LogicalType.TIME, "time"), LocalTime.MAX);
        assertThat(time.getString(0)).isEqualTo("24:00:00");
        Row timetz = ObjectRow.of(schema(LogicalType.TIMETZ, "timetz"), OffsetTime.of(0, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(-3, 0, -15)));
        assertThat(timetz.getString(0)).isEqualTo("00:00:00-03:00:15");
        Row iv = ObjectRow.of(schema(LogicalType.INTERVAL, "interval"), new PgInterval(-14, 3, -14_706_500_000L));
        assertThat(iv.getString(0)).isEqualTo("-1 years -2 mons +3 days -04:05:06.5");
    }

    @Test
    void midnightEndOfDayIs86400000000MicrosAsInTheDecoder() {
        assertThat(ObjectRow.of(schema(LogicalType.TIME, "time"), LocalTime.MAX).getLong(0)).isEqualTo(86_400_000_000L);
        assertThat(ObjectRow.of(schema(LogicalType.TIME, "time"), LocalTime.of(23, 59, 59, 999_999_000)).getLong(0))
                .isEqualTo(86_399_999_999L);
    }

    @Test
    void temporalValuesRefuseTheOtherGettersWithIllegalState() {
        Row r = ts(PG_MIN);
        assertThatThrownBy(() -> r.getDouble(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("column v");
        assertThatThrownBy(() -> r.getBigDecimal(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> r.getBoolean(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> r.getBytes(0)).isInstanceOf(IllegalStateException.class);
    }
}
