package io.doriscdc.pgoutput.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * float4/float8 output as PostgreSQL 12+ prints it with {@code extra_float_digits > 0}: the shortest
 * decimal that reads back to the same value (nearest to the exact value among equally short ones),
 * in fixed notation when the decimal exponent is in [-4, 15) (float8) or [-4, 6) (float4), else
 * {@code d.ddde+XX}. Stateless and thread-safe.
 */
public final class FloatText {
    private FloatText() {
    }

    public static String float8(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal best = null;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                best = r;
                break;
            }
        }
        return format(best == null ? exact.round(MathContext.DECIMAL64) : best, 15);
    }

    public static String float4(float f) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "Infinity" : "-Infinity";
        }
        if (f == 0) {
            return (Float.floatToRawIntBits(f) < 0) ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(f);
        BigDecimal best = null;
        for (int p = 1; p <= 9; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.floatValue() == f) {
                best = r;
                break;
            }
        }
        return format(best == null ? exact.round(MathContext.DECIMAL32) : best, 6);
    }

    private static String format(BigDecimal v, int fixedLimit) {
        BigDecimal s = v.stripTrailingZeros();
        String digits = s.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - s.scale(); // decimal exponent of the first digit
        StringBuilder sb = new StringBuilder(26);
        if (s.signum() < 0) {
            sb.append('-');
        }
        if (exp >= -4 && exp < fixedLimit) {
            if (exp < 0) {
                sb.append("0.");
                for (int i = -1; i > exp; i--) {
                    sb.append('0');
                }
                sb.append(digits);
            } else if (digits.length() <= exp + 1) {
                sb.append(digits);
                for (int i = digits.length(); i <= exp; i++) {
                    sb.append('0');
                }
            } else {
                sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int e = Math.abs(exp);
            if (e < 10) {
                sb.append('0');
            }
            sb.append(e);
        }
        return sb.toString();
    }
}
