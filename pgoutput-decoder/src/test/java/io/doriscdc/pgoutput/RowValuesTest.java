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

    /** numeric_send of a value: base-10000 digits around the decimal point, display scale = the value's scale. */
    private static Wire numericSend(BigDecimal v) {
        int dscale = Math.max(v.scale(), 0);
        String plain = v.abs().setScale(dscale).toPlainString();
        String intPart = plain.contains(".") ? plain.substring(0, plain.indexOf('.')) : plain;
        String frac = plain.contains(".") ? plain.substring(plain.indexOf('.') + 1) : "";
        intPart = "0".repeat((4 - intPart.length() % 4) % 4) + intPart;
        frac = frac + "0".repeat((4 - frac.length() % 4) % 4);
        List<Integer> groups = new java.util.ArrayList<>();
        for (int i = 0; i < intPart.length(); i += 4) {
            groups.add(Integer.parseInt(intPart.substring(i, i + 4)));
        }
        int weight = groups.size() - 1;
        for (int i = 0; i < frac.length(); i += 4) {
            groups.add(Integer.parseInt(frac.substring(i, i + 4)));
        }
        while (!groups.isEmpty() && groups.get(0) == 0) { // leading zero groups go, as numeric_send strips them
            groups.remove(0);
            weight--;
        }
        while (!groups.isEmpty() && groups.get(groups.size() - 1) == 0) {
            groups.remove(groups.size() - 1);
        }
        if (groups.isEmpty()) {
            weight = 0;
        }
        Wire w = new Wire().i16(groups.size()).i16(weight).i16(v.signum() < 0 ? 0x4000 : 0).i16(dscale);
        groups.forEach(w::i16);
        return w;
    }

    @Test
    void numericTextIsWrittenFromTheBinaryFormAsNumericOutPrintsIt() {
        java.util.Random r = new java.util.Random(17);
        List<String> fixed = List.of("0", "0.00", "-0.5", "1", "10000", "99999999.9999", "0.0001", "0.00001234", "-1234.5600",
                "123456789012345678901234567890.123456789", "1e-20", "5E+8", "-7.000");
        List<BigDecimal> values = new java.util.ArrayList<>(fixed.stream().map(BigDecimal::new).toList());
        for (int i = 0; i < 3_000; i++) {
            values.add(new BigDecimal(new java.math.BigInteger(r.nextInt(120) + 1, r), r.nextInt(40) - 8).multiply(BigDecimal.valueOf(r.nextBoolean() ? 1 : -1)));
        }
        byte[] out = new byte[256];
        for (BigDecimal v : values) {
            Row row = binary(1700, numericSend(v));
            String expected = row.getBigDecimal(0).toPlainString();
            int n = row.writeNumericText(0, out, 3, out.length - 3);
            assertThat(n).as("%s", v).isPositive();
            assertThat(new String(out, 3, n, java.nio.charset.StandardCharsets.US_ASCII)).as("%s", v).isEqualTo(expected);
            assertThat(row.writeNumericText(0, out, 0, expected.length() - 1)).as("too small a room for %s", v).isEqualTo(-1);
        }
        assertThat(binary(1700, new Wire().i16(0).i16(0).i16(0xD000).i16(0)).writeNumericText(0, out, 0, out.length)).isEqualTo(-1);
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
