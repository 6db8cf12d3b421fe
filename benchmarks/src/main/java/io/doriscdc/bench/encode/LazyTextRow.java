package io.doriscdc.bench.encode;

import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.ObjectRow;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A lazy row as the decoder hands it over: text, numeric and float columns as UTF-8 bytes in one shared
 * buffer (zero-copy), integers, timestamps, dates and booleans as already-decoded binary values. Reading
 * it allocates nothing. Immutable; thread-safe.
 */
final class LazyTextRow implements Row {

    private final TableSchema schema;
    private final byte[] buf;
    private final int[] off;
    private final int[] len;
    private final long[] longs;
    private final ObjectRow objects;

    private LazyTextRow(TableSchema schema, byte[] buf, int[] off, int[] len, long[] longs, ObjectRow objects) {
        this.schema = schema;
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.longs = longs;
        this.objects = objects;
    }

    static LazyTextRow of(TableSchema schema, Object[] values) {
        int n = values.length;
        int[] off = new int[n];
        int[] len = new int[n];
        long[] longs = new long[n];
        StringBuilder sb = new StringBuilder();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            Object v = values[i];
            off[i] = out.size();
            if (v instanceof String || v instanceof BigDecimal || v instanceof Double) {
                byte[] b = (v instanceof BigDecimal d ? d.toPlainString() : v.toString()).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                len[i] = b.length;
            } else {
                len[i] = -1;
                if (v instanceof Number num) {
                    longs[i] = num.longValue();
                } else if (v instanceof Instant t) {
                    longs[i] = ChronoUnit.MICROS.between(Instant.EPOCH, t);
                } else if (v instanceof LocalDate d) {
                    longs[i] = d.toEpochDay();
                } else if (v instanceof Boolean b) {
                    longs[i] = b ? 1 : 0;
                }
            }
        }
        sb.setLength(0);
        return new LazyTextRow(schema, out.toByteArray(), off, len, longs, ObjectRow.of(schema, values));
    }

    @Override
    public TableSchema schema() {
        return schema;
    }

    @Override
    public int columnCount() {
        return off.length;
    }

    @Override
    public ValueState state(int column) {
        return ValueState.PRESENT;
    }

    @Override
    public boolean getBoolean(int column) {
        return longs[column] != 0;
    }

    @Override
    public long getLong(int column) {
        return longs[column];
    }

    @Override
    public double getDouble(int column) {
        return objects.getDouble(column);
    }

    @Override
    public BigDecimal getBigDecimal(int column) {
        return objects.getBigDecimal(column);
    }

    @Override
    public byte[] getBytes(int column) {
        return objects.getBytes(column);
    }

    @Override
    public String getString(int column) {
        return objects.getString(column);
    }

    @Override
    public Object getObject(int column) {
        return objects.getObject(column);
    }

    @Override
    public boolean hasUtf8Text(int column) {
        return len[column] >= 0;
    }

    @Override
    public byte[] array() {
        return buf;
    }

    @Override
    public int textOffset(int column) {
        return off[column];
    }

    @Override
    public int textLength(int column) {
        return len[column];
    }
}
