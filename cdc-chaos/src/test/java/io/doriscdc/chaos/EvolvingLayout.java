package io.doriscdc.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The columns of {@link SchemaChaosIT}'s table {@code evolving} as the DDL session last committed
 * them, shared with the writers, who write only columns it lists: four stable columns nobody alters
 * ({@code id}, the writer {@code w}, a counter {@code n}, padding {@code pad}) and managed columns that
 * the DDL session adds, renames, widens and drops. Dropped columns stay listed, marked: Doris keeps
 * them under {@code policies.drop-columns: keep}, at their place. Also makes values that fit a
 * column's current type. Thread-safe: one immutable list, replaced by the DDL session after each commit.
 */
final class EvolvingLayout {

    static final String TABLE = "evolving";
    private static final Pattern VARCHAR = Pattern.compile("varchar\\((\\d+)\\)");
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");
    private static final int[] EMOJI = {0x1F600, 0x1F680, 0x2603, 0xE9, 0x4E2D};

    /** One column: its PostgreSQL type, whether the DDL session manages it, whether it was dropped (then its type when dropped). */
    record Col(String name, String pgType, boolean managed, boolean dropped) {

        /** The Doris type the pipeline's table creator gives it (docs/operations.md, types). */
        String dorisType() {
            Matcher v = VARCHAR.matcher(pgType);
            if (v.matches()) {
                return "VARCHAR(" + 4 * Integer.parseInt(v.group(1)) + ")"; // Doris counts bytes: 4 per character
            }
            Matcher n = NUMERIC.matcher(pgType);
            if (n.matches()) {
                return "DECIMAL(" + n.group(1) + "," + n.group(2) + ")";
            }
            return switch (pgType) {
                case "int4" -> "INT";
                case "int8" -> "BIGINT";
                case "text" -> "STRING";
                default -> throw new IllegalArgumentException("no Doris type known to the test for " + pgType);
            };
        }

        Family family() {
            return pgType.startsWith("numeric") ? Family.DECIMAL : pgType.startsWith("int") ? Family.INT : Family.TEXT;
        }

        ColumnDef def() {
            return new ColumnDef(name, pgType, dorisType(), family());
        }
    }

    private final AtomicReference<List<Col>> columns;

    EvolvingLayout(List<Col> managed) {
        List<Col> all = new ArrayList<>(List.of(new Col("id", "int8", false, false), new Col("w", "int4", false, false),
                new Col("n", "int4", false, false), new Col("pad", "text", false, false)));
        all.addAll(managed);
        this.columns = new AtomicReference<>(List.copyOf(all));
    }

    static Col managed(String name, String pgType) {
        return new Col(name, pgType, true, false);
    }

    /** Every column ever, dropped ones included, in PostgreSQL's attribute order. */
    List<Col> all() {
        return columns.get();
    }

    /** The managed columns PostgreSQL has now. */
    List<Col> managedNow() {
        return columns.get().stream().filter(c -> c.managed() && !c.dropped()).toList();
    }

    /** The table as PostgreSQL has it now, for {@link TableComparison}. */
    TableDef tableDef() {
        return new TableDef(TABLE, columns.get().stream().filter(c -> !c.dropped()).map(Col::def).toList(), List.of("id"), true, List.of());
    }

    String pgDdl() {
        return tableDef().pgDdl();
    }

    /** {@code name TYPE} of each column the Doris table should have, in order; dropped ones too unless {@code dropColumns}. */
    List<String> expectedDoris(boolean dropColumns) {
        return columns.get().stream().filter(c -> !dropColumns || !c.dropped()).map(c -> c.name() + " " + c.dorisType()).toList();
    }

    /** {@code name TYPE} of each column PostgreSQL has, mapped as the pipeline maps them. */
    static List<String> dorisOf(List<Col> pgColumns) {
        return pgColumns.stream().map(c -> c.name() + " " + c.dorisType()).toList();
    }

    Col column(String name) {
        return managedNow().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the layout has no managed column " + name + ": " + all()));
    }

    /** The columns after {@code ADD COLUMN name pgType}; published with {@link #publish} once committed. */
    List<Col> added(String name, String pgType) {
        List<Col> out = new ArrayList<>(all());
        out.add(managed(name, pgType));
        return List.copyOf(out);
    }

    List<Col> renamed(String from, String to) {
        return replaced(from, c -> new Col(to, c.pgType(), true, false));
    }

    List<Col> retyped(String name, String pgType) {
        return replaced(name, c -> new Col(name, pgType, true, false));
    }

    List<Col> dropped(String name) {
        return replaced(name, c -> new Col(name, c.pgType(), true, true));
    }

    /** The layout PostgreSQL has from now on. */
    void publish(List<Col> next) {
        columns.set(List.copyOf(next));
    }

    private List<Col> replaced(String name, UnaryOperator<Col> f) {
        column(name); // it must be there
        return all().stream().map(c -> c.managed() && !c.dropped() && c.name().equals(name) ? f.apply(c) : c).toList();
    }

    /** A SQL literal (or NULL) that fits {@code pgType}, now and then at the type's edge. */
    static String literal(Random r, String pgType) {
        if (r.nextInt(12) == 0) {
            return "NULL";
        }
        Matcher v = VARCHAR.matcher(pgType);
        if (v.matches()) {
            int max = Integer.parseInt(v.group(1));
            return Sql.lit(text(r, r.nextInt(4) == 0 ? max : r.nextInt(max + 1), r.nextInt(3) == 0));
        }
        Matcher n = NUMERIC.matcher(pgType);
        if (n.matches()) {
            int integerDigits = Integer.parseInt(n.group(1)) - Integer.parseInt(n.group(2));
            int scale = Integer.parseInt(n.group(2));
            String whole = r.nextInt(5) == 0 ? "9".repeat(integerDigits) : Long.toString(r.nextLong(Math.min(1_000_000_000_000L,
                    (long) Math.pow(10, integerDigits))));
            String fraction = scale == 0 ? "" : "." + String.format(Locale.ROOT, "%0" + scale + "d", r.nextInt((int) Math.pow(10, scale)));
            return (r.nextBoolean() ? "-" : "") + whole + fraction;
        }
        return switch (pgType) {
            case "int4" -> r.nextInt(6) == 0 ? (r.nextBoolean() ? "2147483647" : "-2147483648") : Integer.toString(r.nextInt(2_000_000) - 1_000_000);
            case "int8" -> r.nextInt(6) == 0 ? (r.nextBoolean() ? "9223372036854775807" : "-9223372036854775808")
                    : Long.toString(3_000_000_000L + r.nextInt(1_000_000_000));
            case "text" -> Sql.lit(text(r, r.nextInt(40), true));
            default -> throw new IllegalArgumentException("no values known to the test for " + pgType);
        };
    }

    /**
     * An SQL expression over the row's {@code id} that fits {@code pgType}, a different value per row and
     * {@code salt}, NULL for one row in eleven: for statements that write many rows at once.
     */
    static String expression(String pgType, int salt) {
        return expression(pgType, salt, "id");
    }

    /** {@link #expression(String, int)} over {@code idExpr} instead of the column {@code id} (e.g. generate_series's {@code g}). */
    static String expression(String pgType, int salt, String idExpr) {
        String v;
        Matcher varchar = VARCHAR.matcher(pgType);
        Matcher numeric = NUMERIC.matcher(pgType);
        if (varchar.matches()) { // 4-byte characters first, up to the full length: exactly Doris's VARCHAR(4n) bytes
            v = "left(repeat(chr(128512), ((" + idExpr + " + " + salt + ") % 4)::int * " + varchar.group(1) + " / 3) || md5((" + idExpr + " + " + salt
                    + ")::text) || repeat('z', 40), " + varchar.group(1) + ")";
        } else if (numeric.matches()) {
            int integerDigits = Math.min(9, Integer.parseInt(numeric.group(1)) - Integer.parseInt(numeric.group(2)));
            v = "(((" + idExpr + " * 7919 + " + salt + ") % " + (long) Math.pow(10, integerDigits) + ") + 0.25)::" + pgType;
        } else {
            v = switch (pgType) {
                case "int4" -> "((" + idExpr + " * 7919 + " + salt + ") % 2000000 - 1000000)::int4";
                case "int8" -> "(" + idExpr + " * 7919 + " + salt + " + 3000000000)::int8";
                case "text" -> "md5((" + idExpr + " + " + salt + ")::text) || ' é ' || " + salt;
                default -> throw new IllegalArgumentException("no values known to the test for " + pgType);
            };
        }
        return "CASE WHEN (" + idExpr + " + " + salt + ") % 11 = 0 THEN NULL ELSE " + v + " END";
    }

    /** {@code length} characters: ASCII letters, with 2-, 3- and 4-byte characters when {@code wide}. */
    private static String text(Random r, int length, boolean wide) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(wide && r.nextInt(3) == 0 ? EMOJI[r.nextInt(EMOJI.length)] : 'a' + r.nextInt(26));
        }
        return sb.toString();
    }
}
