package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.value.PgInterval;
import io.doriscdc.api.value.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lazy Row over binary and text values: typed getters, exact text, refusals. */
class RowValuesTest {

    private static Row row(int typeOid, Wire value) {
        RelationCache cache = new RelationCache();
        cache.apply(new RelationMessage(0, 1, "public", "t", ReplicaIdentity.DEFAULT,
                List.of(new RelationMessage.RelationColumn(0, "v", typeOid, -1))));
        InsertMessage ins = (InsertMessage) new PgOutputDecoder().decode(
                java.nio.ByteBuffer.wrap(Wire.msg('I').i32(1).i8('N').i16(1).raw(value.bytes()).bytes()), Wire.LSN);
        return ins.newTuple().row(cache.schema(1));
    }

    private static Row binary(int typeOid, Wire payload) {
        return row(typeOid, new Wire().binary(payload.bytes()));
    }

    @Test
    void binaryNumericKeepsDisplayScaleAndSpecials() {
        Row r = binary(1700, new Wire().i16(2).i16(0).i16(0x4000).i16(4).i16(1234).i16(5600)); // -1234.5600
        assertThat(r.getBigDecimal(0)).isEqualTo(new BigDecimal("-1234.5600"));
        assertThat(r.getString(0)).isEqualTo("-1234.5600");
        Row nan = binary(1700, new Wire().i16(0).i16(0).i16(0xC000).i16(0));
        assertThat(nan.getObject(0)).isEqualTo(Double.NaN);
        assertThatThrownBy(() -> nan.getBigDecimal(0)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void binaryDatesAndTimestampsUseThePostgresEpochAndInfinity() {
        assertThat(binary(1082, new Wire().i32(0)).getObject(0)).isEqualTo(LocalDate.of(2000, 1, 1));
        assertThat(binary(1082, new Wire().i32(Integer.MAX_VALUE)).getLong(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(binary(1082, new Wire().i32(-730_120)).getString(0)).isEqualTo("0001-12-31 BC");
        assertThat(binary(1184, new Wire().i64(1_500_000)).getObject(0)).isEqualTo(Instant.parse("2000-01-01T00:00:01.5Z"));
        assertThat(binary(1184, new Wire().i64(1_500_000)).getString(0)).isEqualTo("2000-01-01 00:00:01.5+00");
        assertThat(binary(1184, new Wire().i64(Long.MIN_VALUE)).getObject(0)).isEqualTo(Instant.MIN);
    }

    @Test
    void intervalsPrintInPostgresStyle() {
        Row r = binary(1186, new Wire().i64(-(4 * 3600 + 5 * 60 + 6) * 1_000_000L - 500_000).i32(3).i32(-14));
        assertThat(r.getString(0)).isEqualTo("-1 years -2 mons +3 days -04:05:06.5");
        assertThat(r.getObject(0)).isEqualTo(new PgInterval(-14, 3, -14_706_500_000L));
    }

    @Test
    void textValuesAreZeroCopy() {
        Row r = row(25, new Wire().text("héllo"));
        assertThat(r.hasUtf8Text(0)).isTrue();
        assertThat(new String(r.array(), r.textOffset(0), r.textLength(0), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("héllo");
    }

    @Test
    void wrongGetterIsIllegalStateNamingColumnAndType() {
        assertThatThrownBy(() -> row(25, new Wire().text("x")).getLong(0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("column v").hasMessageContaining("text");
    }

    @Test
    void unchangedToastIsNeitherNullNorAValue() {
        Row r = row(25, new Wire().i8('u'));
        assertThat(r.isUnchangedToast(0)).isTrue();
        assertThat(r.isNull(0)).isFalse();
        assertThatThrownBy(() -> r.getString(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("unchanged TOAST");
    }

    @Test
    void binaryOfAnUnreadableTypeIsRefusedNotGuessed() {
        assertThatThrownBy(() -> binary(600, new Wire().i64(0).i64(0)).getString(0))
                .isInstanceOf(DecodeException.class).hasMessageContaining("binary=false").hasMessageContaining("point");
    }

    @Test
    void malformedBinaryValueIsADecodeExceptionWithItsOffset() {
        assertThatThrownBy(() -> binary(23, new Wire().i16(1)).getLong(0))
                .isInstanceOf(DecodeException.class).hasMessageContaining("must be 4 bytes").hasMessageContaining("byte offset 13");
    }

    @Test
    void floatsPrintShortestRoundTrip() {
        assertThat(binary(701, new Wire().i64(Double.doubleToLongBits(0.1))).getString(0)).isEqualTo("0.1");
        assertThat(binary(701, new Wire().i64(Double.doubleToLongBits(1e15))).getString(0)).isEqualTo("1e+15");
        assertThat(binary(700, new Wire().i32(Float.floatToIntBits(1.1f))).getString(0)).isEqualTo("1.1");
    }
}
