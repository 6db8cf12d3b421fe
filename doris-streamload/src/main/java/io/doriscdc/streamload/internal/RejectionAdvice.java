package io.doriscdc.streamload.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to change when Doris filters a row for a reason the operator can fix, from Doris's own
 * reason text ({@code FirstErrorMsg}): the BE setting and a value that fits, or the column to widen.
 * Stateless.
 */
final class RejectionAdvice {

    /**
     * be/src/vec/sink/vtablet_block_convertor.cpp, {@code OlapTableBlockConvertor::_validate_column}:
     * {@code column_name[c], the length of input string is too long than vec schema. ... schema length: S;
     * limit length: L; actual length: A;}
     */
    private static final Pattern TOO_LONG = Pattern.compile(
            "(?:column_name\\[([^\\]]*)\\], )?the length of input (?:string )?is too long than (?:vec )?schema.*?schema length: (\\d+);"
                    + "(?: limit length: (\\d+);)? actual length: (\\d+);", Pattern.DOTALL);

    private RejectionAdvice() {
    }

    /** The advice for Doris's reason, starting with "; ", or "" when there is none to give. */
    static String of(String firstError) {
        Matcher m = TOO_LONG.matcher(firstError);
        if (!m.find()) {
            return "";
        }
        String column = m.group(1) == null ? "a string column" : "column " + m.group(1);
        long schema = Long.parseLong(m.group(2));
        long limit = m.group(3) == null ? schema : Long.parseLong(m.group(3));
        long actual = Long.parseLong(m.group(4));
        String what = "; what to change: " + column + " holds a value of " + actual + " bytes, over the " + limit + " bytes Doris accepts there: ";
        String then = ", then restart the pipeline: the slot is held before this batch, so nothing after it is lost";
        if (limit >= schema) {
            // the column's declared length binds (VARCHAR(n), CHAR(n))
            return what + "widen it in Doris (ALTER TABLE … MODIFY COLUMN … VARCHAR(" + Math.max(actual, 1) + ") or STRING)" + then;
        }
        return what + "raise string_type_length_soft_limit_bytes to at least " + actual + " in be.conf of every BE (it can be changed"
                + " live: POST http://<be>:8040/api/update_config?string_type_length_soft_limit_bytes=" + actual + "&persist=true on each BE)"
                + then;
    }
}
