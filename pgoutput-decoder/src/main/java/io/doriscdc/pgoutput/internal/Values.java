package io.doriscdc.pgoutput.internal;

import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.value.PgInterval;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Typed reading of one value, text or binary, by logical family; the conventions are those of
 * {@link LogicalType} and {@link io.doriscdc.api.value.Row}. Stateless and thread-safe.
 */
public final class Values {
    private Values() {
    }

    static boolean hasLong(LogicalType t) {
        return switch (t) {
            case INT16, INT32, INT64, OID, DATE, TIME, TIMESTAMP, TIMESTAMPTZ -> true;
            default -> false;
        };
    }

    static boolean hasDouble(LogicalType t) {
        return switch (t) {
            case FLOAT32, FLOAT64, NUMERIC, INT16, INT32, INT64, OID -> true;
            default -> false;
        };
    }

    static boolean bool(byte[] a, int off, int len, boolean binary) {
        if (binary) {
            if (len != 1) {
                throw new BadValue("binary bool must be 1 byte, got " + len);
            }
            return a[off] != 0;
        }
        return TextScalars.bool(a, off, len);
    }

    private static void need(int len, int expected, LogicalType t) {
        if (len != expected) {
            throw new BadValue("binary " + t + " must be " + expected + " bytes, got " + len);
        }
    }

    static long toLong(LogicalType t, byte[] a, int off, int len, boolean binary) {
        if (!binary) {
            return switch (t) {
                case DATE -> TextValues.dateDays(a, off, len);
                case TIME -> TextValues.timeMicros(a, off, len);
                case TIMESTAMP -> unixMicros(TextValues.timestampPgMicros(a, off, len, false));
                case TIMESTAMPTZ -> unixMicros(TextValues.timestampPgMicros(a, off, len, true));
                default -> TextScalars.parseLong(a, off, len);
            };
        }
        switch (t) {
            case INT16 -> {
                need(len, 2, t);
                return Bytes.getShort(a, off);
            }
            case INT32 -> {
                need(len, 4, t);
                return Bytes.getInt(a, off);
            }
            case OID -> {
                if (len == 8) {
                    return Bytes.getLong(a, off);
                }
                need(len, 4, t);
                return Bytes.getInt(a, off) & 0xffffffffL;
            }
            case DATE -> {
                need(len, 4, t);
                int d = Bytes.getInt(a, off);
                return d == Integer.MIN_VALUE ? Long.MIN_VALUE : d == Integer.MAX_VALUE ? Long.MAX_VALUE : (long) d + DateTimes.PG_EPOCH_DAYS;
            }
            case TIME -> {
                need(len, 8, t);
                return BinaryText.checkTime(Bytes.getLong(a, off));
            }
            case TIMESTAMP, TIMESTAMPTZ -> {
                need(len, 8, t);
                return unixMicros(Bytes.getLong(a, off));
            }
            default -> {
                need(len, 8, t);
                return Bytes.getLong(a, off);
            }
        }
    }

    static double toDouble(LogicalType t, byte[] a, int off, int len, boolean binary) {
        switch (t) {
            case FLOAT32 -> {
                if (!binary) {
                    return Float.parseFloat(Utf8.string(a, off, len));
                }
                need(len, 4, t);
                return Float.intBitsToFloat(Bytes.getInt(a, off));
            }
            case FLOAT64 -> {
                if (!binary) {
                    return parseDouble(a, off, len);
                }
                need(len, 8, t);
                return Double.longBitsToDouble(Bytes.getLong(a, off));
            }
            case NUMERIC -> {
                return binary ? Numerics.toDouble(a, off, len) : parseDouble(a, off, len);
            }
            default -> {
                return toLong(t, a, off, len, binary);
            }
        }
    }

    private static double parseDouble(byte[] a, int off, int len) {
        try {
            return Double.parseDouble(Utf8.string(a, off, len));
        } catch (NumberFormatException e) {
            throw BadValue.text(a, off, len, "number");
        }
    }

    private static Object numericText(byte[] a, int off, int len) {
        String s = Utf8.string(a, off, len);
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return new BigDecimal(s);
                } catch (NumberFormatException e) {
                    throw BadValue.text(a, off, len, "numeric");
                }
        }
    }

    /** The value as the Java type documented on its {@link LogicalType}. */
    public static Object object(ColumnType type, byte[] a, int off, int len, boolean binary) {
        LogicalType t = type.logical();
        switch (t) {
            case BOOLEAN:
                return bool(a, off, len, binary);
            case INT16:
                return (short) checkRange(toLong(t, a, off, len, binary), Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32:
                return (int) checkRange(toLong(t, a, off, len, binary), Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64:
            case OID:
                return toLong(t, a, off, len, binary);
            case FLOAT32:
                return (float) toDouble(t, a, off, len, binary);
            case FLOAT64:
                return toDouble(t, a, off, len, binary);
            case NUMERIC:
                return binary ? Numerics.decode(a, off, len) : numericText(a, off, len);
            case MONEY:
                if (binary) {
                    need(len, 8, t);
                    return BigDecimal.valueOf(Bytes.getLong(a, off), 2);
                }
                return TextScalars.money(a, off, len);
            case BYTES:
                return binary ? java.util.Arrays.copyOfRange(a, off, off + len) : TextScalars.bytea(a, off, len);
            case UUID:
                if (binary) {
                    need(len, 16, t);
                    return new UUID(Bytes.getLong(a, off), Bytes.getLong(a, off + 8));
                }
                try {
                    return UUID.fromString(Utf8.string(a, off, len));
                } catch (IllegalArgumentException e) {
                    throw BadValue.text(a, off, len, "uuid");
                }
            case DATE: {
                long d = toLong(t, a, off, len, binary);
                return d == Long.MIN_VALUE ? LocalDate.MIN : d == Long.MAX_VALUE ? LocalDate.MAX : LocalDate.ofEpochDay(d);
            }
            case TIME:
                return TextValues.localTime(toLong(t, a, off, len, binary));
            case TIMETZ:
                if (binary) {
                    need(len, 12, t);
                    return OffsetTime.of(TextValues.localTime(BinaryText.checkTime(Bytes.getLong(a, off))),
                            ZoneOffset.ofTotalSeconds(-BinaryText.checkZone(Bytes.getInt(a, off + 8))));
                }
                return TextValues.timetz(a, off, len);
            case TIMESTAMP: {
                long us = binary ? pgMicros(a, off, len) : TextValues.timestampPgMicros(a, off, len, false);
                if (us == Long.MIN_VALUE || us == Long.MAX_VALUE) {
                    return us == Long.MIN_VALUE ? LocalDateTime.MIN : LocalDateTime.MAX;
                }
                long day = Math.floorDiv(us, DateTimes.MICROS_PER_DAY) + DateTimes.PG_EPOCH_DAYS;
                return LocalDateTime.of(LocalDate.ofEpochDay(day), LocalTime.ofNanoOfDay(Math.floorMod(us, DateTimes.MICROS_PER_DAY) * 1000));
            }
            case TIMESTAMPTZ: {
                long us = binary ? pgMicros(a, off, len) : TextValues.timestampPgMicros(a, off, len, true);
                if (us == Long.MIN_VALUE || us == Long.MAX_VALUE) {
                    return us == Long.MIN_VALUE ? Instant.MIN : Instant.MAX;
                }
                return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L) + DateTimes.PG_EPOCH_MICROS / 1_000_000L,
                        Math.floorMod(us, 1_000_000L) * 1000);
            }
            case INTERVAL:
                if (binary) {
                    need(len, 16, t);
                    return new PgInterval(Bytes.getInt(a, off + 12), Bytes.getInt(a, off + 8), Bytes.getLong(a, off));
                }
                return TextValues.interval(a, off, len);
            case ARRAY:
                return binary ? BinaryArrays.toList(type, a, off, len) : TextArrays.parse(type, a, off, len);
            default:
                // TEXT, JSON, JSONB, XML, ENUM, INET, CIDR, MACADDR, MACADDR8, BIT, OTHER: the text form
                return binary ? BinaryText.toText(type, a, off, len) : Utf8.string(a, off, len);
        }
    }

    private static long pgMicros(byte[] a, int off, int len) {
        need(len, 8, LogicalType.TIMESTAMP);
        return Bytes.getLong(a, off);
    }

    /**
     * Microseconds since 2000 → since 1970, keeping ±infinity as Long.MIN/MAX. A finite value never
     * becomes Long.MAX_VALUE: 294247-01-10 04:00:54.775807 would read as infinity, so it throws with
     * everything after it. (Adding the epoch cannot overflow downwards.)
     */
    private static long unixMicros(long pg) {
        if (pg == Long.MIN_VALUE || pg == Long.MAX_VALUE) {
            return pg;
        }
        if (pg >= Long.MAX_VALUE - DateTimes.PG_EPOCH_MICROS) {
            throw new BadValue("timestamp is after 294247-01-10 04:00:54.775806, outside the range of microseconds since 1970 in a long; use getObject or getString");
        }
        return pg + DateTimes.PG_EPOCH_MICROS;
    }

    private static long checkRange(long v, long min, long max) {
        if (v < min || v > max) {
            throw new BadValue("value " + v + " is out of range");
        }
        return v;
    }
}
