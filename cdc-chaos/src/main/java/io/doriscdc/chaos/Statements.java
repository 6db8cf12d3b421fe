package io.doriscdc.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * The single statements a writer issues, as SQL text, over the chaos tables. Each writer keeps to
 * its own key ranges (so writers do not fight over rows, while TRUNCATE and the shared tables still
 * make them wait for each other), chosen at random from the writer's seeded {@link Values}.
 * Not thread-safe: one per writer.
 */
final class Statements {

    static final List<String> CODES = List.of("a", "ä", "x'y", "emoji😀", "sp ace", "tab\tkey", "back\\slash", "", "NULL", "中文");
    private static final List<String> EDGE_COLUMNS = List.of("b", "i2", "i4", "i8", "n38", "n38s0", "n52", "nfree", "f4", "f8",
            "d", "ts", "ts0", "tstz", "tm", "tx", "vc", "bin", "u", "j", "ai", "a8", "atext");
    private static final List<String> TOAST_COLUMNS = List.of("t", "b", "j", "a");

    private final int writer;
    private final Values v;
    private final long accountBase;

    Statements(int writer, Values values) {
        this.writer = writer;
        this.v = values;
        this.accountBase = (writer + 1) * 1_000_000_000L;
    }

    Values values() {
        return v;
    }

    /** A random single statement over any table. */
    String any() {
        int x = v.random().nextInt(100);
        if (x < 14) {
            return upsertAccount();
        } else if (x < 24) {
            return updateAccount();
        } else if (x < 28) {
            return deleteAccount();
        } else if (x < 31) {
            return changeAccountKey();
        } else if (x < 38) {
            return upsertComposite();
        } else if (x < 41) {
            return changeCompositeKey();
        } else if (x < 43) {
            return deleteComposite();
        } else if (x < 50) {
            return upsertEdge();
        } else if (x < 56) {
            return updateEdgeColumns();
        } else if (x < 57) {
            return deleteEdge();
        } else if (x < 62) {
            return touchToasty();
        } else if (x < 64) {
            return rewriteToastColumn();
        } else if (x < 65) {
            return upsertToasty();
        } else if (x < 66) {
            return deleteToasty();
        } else if (x < 71) {
            return upsertRiFullPk();
        } else if (x < 73) {
            return changeRiFullPkKey();
        } else if (x < 74) {
            return deleteRiFullPk();
        } else if (x < 78) {
            return insertRiIndex();
        } else if (x < 82) {
            return updateRiIndex();
        } else if (x < 83) {
            return deleteRiIndex();
        } else if (x < 88) {
            return upsertTruncTarget();
        } else if (x < 90) {
            return deleteTruncTarget();
        } else if (x < 94) {
            return touchToastyRange();
        } else {
            return rangeUpdateAccounts();
        }
    }

    long hotAccount() {
        return accountBase + v.random().nextInt(5_000);
    }

    long accountFreshBase() {
        return accountBase + 100_000_000L;
    }

    String accountValues(long id) {
        return "(" + id + ", " + v.random().nextInt(1000) + ", " + (v.random().nextInt(2_000_000) - 1_000_000) + "." + v.random().nextInt(10_000)
                + ", " + Sql.lit(v.rawText()) + ", " + (v.random().nextInt(4) == 0 ? v.tstz() : "now()") + ", " + v.random().nextInt(1000) + ")";
    }

    String upsertAccount() {
        return "INSERT INTO accounts (id, owner_id, balance, note, updated, flags) VALUES " + accountValues(hotAccount())
                + " ON CONFLICT (id) DO UPDATE SET balance = EXCLUDED.balance, note = EXCLUDED.note, updated = EXCLUDED.updated";
    }

    String insertAccountIfAbsent(long id) {
        return "INSERT INTO accounts (id, owner_id, balance, note, updated, flags) VALUES " + accountValues(id) + " ON CONFLICT (id) DO NOTHING";
    }

    String updateAccount() {
        return "UPDATE accounts SET balance = balance + 0.5, flags = (flags + 1) % 30000, updated = now() WHERE id = " + hotAccount();
    }

    String deleteAccount() {
        return deleteAccount(hotAccount());
    }

    String deleteAccount(long id) {
        return "DELETE FROM accounts WHERE id = " + id;
    }

    String changeAccountKey() {
        return changeAccountKey(hotAccount(), hotAccount());
    }

    String changeAccountKey(long from, long to) {
        return "UPDATE accounts SET id = " + to + " WHERE id = " + from + " AND NOT EXISTS (SELECT 1 FROM accounts WHERE id = " + to + ")";
    }

    String rangeUpdateAccounts() {
        long from = hotAccount();
        return "UPDATE accounts SET flags = (flags + 1) % 30000, note = " + Sql.lit(v.rawText()) + " WHERE id BETWEEN " + from + " AND " + (from + 25);
    }

    private int tenant() {
        return writer * 1000 + v.random().nextInt(8);
    }

    String upsertComposite() {
        return "INSERT INTO composite (tenant, code, seq, descr, amount) VALUES (" + tenant() + ", " + Sql.lit(v.pick(CODES)) + ", "
                + v.random().nextInt(40) + ", " + Sql.lit(v.rawText()) + ", " + v.int8() + ") "
                + "ON CONFLICT (tenant, code, seq) DO UPDATE SET amount = EXCLUDED.amount, descr = EXCLUDED.descr";
    }

    /** Changes one part of a composite key: the sequence number or the code. */
    String changeCompositeKey() {
        int tenant = tenant();
        String code = Sql.lit(v.pick(CODES));
        int seq = v.random().nextInt(40);
        if (v.random().nextBoolean()) {
            int to = v.random().nextInt(40);
            return "UPDATE composite SET seq = " + to + " WHERE tenant = " + tenant + " AND code = " + code + " AND seq = " + seq
                    + " AND NOT EXISTS (SELECT 1 FROM composite WHERE tenant = " + tenant + " AND code = " + code + " AND seq = " + to + ")";
        }
        String to = Sql.lit(v.pick(CODES));
        return "UPDATE composite SET code = " + to + " WHERE tenant = " + tenant + " AND code = " + code + " AND seq = " + seq
                + " AND NOT EXISTS (SELECT 1 FROM composite WHERE tenant = " + tenant + " AND code = " + to + " AND seq = " + seq + ")";
    }

    String deleteComposite() {
        return "DELETE FROM composite WHERE tenant = " + tenant() + " AND code = " + Sql.lit(v.pick(CODES)) + " AND seq < " + v.random().nextInt(40);
    }

    /** Rows copied within the writer's tenants under new codes: a multi-row INSERT … SELECT. */
    String copyCompositeRows() {
        int tenant = tenant();
        return "INSERT INTO composite (tenant, code, seq, descr, amount) SELECT tenant, code || '~', seq, descr, amount FROM composite "
                + "WHERE tenant = " + tenant + " AND length(code) < 30 ON CONFLICT (tenant, code, seq) DO NOTHING";
    }

    private int edgeId() {
        return writer * 100_000 + v.random().nextInt(300);
    }

    String edgeLiteral(String column) {
        String literal = switch (column) {
            case "b" -> v.bool();
            case "i2" -> v.int2();
            case "i4" -> v.int4();
            case "i8" -> v.int8();
            case "n38" -> v.n38();
            case "n38s0" -> v.n38s0();
            case "n52" -> v.n52();
            case "nfree" -> v.nfree();
            case "f4" -> v.f4();
            case "f8" -> v.f8();
            case "d" -> v.date();
            case "ts" -> v.ts();
            case "ts0" -> v.ts0();
            case "tstz" -> v.tstz();
            case "tm" -> v.time();
            case "tx" -> v.text();
            case "vc" -> v.varchar10();
            case "bin" -> v.bytea();
            case "u" -> v.uuid();
            case "j" -> v.jsonb();
            case "ai" -> v.int4Array();
            case "a8" -> v.int8Array();
            case "atext" -> v.textArray();
            default -> throw new IllegalArgumentException("no column " + column + " in edge_types");
        };
        return v.orNull(literal, 10);
    }

    String upsertEdge() {
        return upsertEdge(edgeId());
    }

    String upsertEdge(int id) {
        List<String> values = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (String c : EDGE_COLUMNS) {
            values.add(edgeLiteral(c));
            sets.add(c + " = EXCLUDED." + c);
        }
        return "INSERT INTO edge_types (id, " + String.join(", ", EDGE_COLUMNS) + ") VALUES (" + id + ", " + String.join(", ", values)
                + ") ON CONFLICT (id) DO UPDATE SET " + String.join(", ", sets);
    }

    String updateEdgeColumns() {
        List<String> sets = new ArrayList<>();
        int n = 1 + v.random().nextInt(4);
        for (int i = 0; i < n; i++) {
            String c = v.pick(EDGE_COLUMNS);
            if (sets.stream().noneMatch(s -> s.startsWith(c + " = "))) {
                sets.add(c + " = " + edgeLiteral(c));
            }
        }
        return "UPDATE edge_types SET " + String.join(", ", sets) + " WHERE id = " + edgeId();
    }

    String deleteEdge() {
        return "DELETE FROM edge_types WHERE id = " + edgeId();
    }

    private int toastId() {
        return writer * 1000 + v.random().nextInt(40);
    }

    String upsertToasty() {
        return upsertToasty(toastId());
    }

    String upsertToasty(int id) {
        return "INSERT INTO toasty (id, counter, t, b, j, a) VALUES (" + id + ", 0, " + v.bigText() + ", " + v.bigBytea() + ", "
                + v.bigJson() + ", " + v.bigTextArray() + ") ON CONFLICT (id) DO UPDATE SET counter = toasty.counter + 1, "
                + "t = EXCLUDED.t, b = EXCLUDED.b, j = EXCLUDED.j, a = EXCLUDED.a";
    }

    /** Leaves the large values as they are: the update carries them as unchanged TOAST. */
    String touchToasty() {
        return "UPDATE toasty SET counter = counter + 1 WHERE id = " + toastId();
    }

    String touchToastyRange() {
        int from = writer * 1000 + v.random().nextInt(30);
        return "UPDATE toasty SET counter = counter + 1 WHERE id BETWEEN " + from + " AND " + (from + 10);
    }

    /** Rewrites one large column; the other three stay unchanged TOAST. */
    String rewriteToastColumn() {
        String c = v.pick(TOAST_COLUMNS);
        String value = switch (c) {
            case "t" -> v.random().nextInt(4) == 0 ? v.text() : v.bigText();
            case "b" -> v.random().nextInt(4) == 0 ? v.bytea() : v.bigBytea();
            case "j" -> v.random().nextInt(4) == 0 ? v.jsonb() : v.bigJson();
            default -> v.random().nextInt(4) == 0 ? v.textArray() : v.bigTextArray();
        };
        return "UPDATE toasty SET " + c + " = " + v.orNull(value, 15) + ", counter = counter + 1 WHERE id = " + toastId();
    }

    String deleteToasty() {
        return "DELETE FROM toasty WHERE id = " + toastId();
    }

    private int riId() {
        return writer * 100_000 + v.random().nextInt(300);
    }

    String upsertRiFullPk() {
        return "INSERT INTO ri_full_pk (id, v, n) VALUES (" + riId() + ", " + Sql.lit(v.rawText()) + ", " + v.random().nextInt(1000)
                + ") ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v, n = ri_full_pk.n + 1";
    }

    String changeRiFullPkKey() {
        int from = riId();
        int to = riId();
        return "UPDATE ri_full_pk SET id = " + to + " WHERE id = " + from + " AND NOT EXISTS (SELECT 1 FROM ri_full_pk WHERE id = " + to + ")";
    }

    String deleteRiFullPk() {
        return "DELETE FROM ri_full_pk WHERE id = " + riId();
    }

    /** Column {@code a} is the replica identity index's key; the writer owns its range. */
    String insertRiIndex() {
        int a = riId();
        return "INSERT INTO ri_index (a, b, c) VALUES (" + a + ", " + Sql.lit(v.words(2)) + ", " + v.random().nextInt(1_000_000)
                + ") ON CONFLICT (a) DO NOTHING";
    }

    /** Changes a column outside the replica identity index. */
    String updateRiIndex() {
        return v.random().nextBoolean()
                ? "UPDATE ri_index SET c = c + 1 WHERE a = " + riId()
                : "UPDATE ri_index SET b = " + Sql.lit(v.words(2)) + " WHERE a = " + riId();
    }

    String deleteRiIndex() {
        return "DELETE FROM ri_index WHERE a = " + riId();
    }

    int truncId() {
        return writer * 100_000 + v.random().nextInt(200);
    }

    String upsertTruncTarget() {
        return "INSERT INTO trunc_target (id, v, w) VALUES (" + truncId() + ", " + Sql.lit(v.rawText()) + ", " + writer
                + ") ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v";
    }

    String deleteTruncTarget() {
        return "DELETE FROM trunc_target WHERE id = " + truncId();
    }

    String refillTruncTarget(int rows) {
        int from = writer * 100_000 + v.random().nextInt(100);
        return "INSERT INTO trunc_target (id, v, w) SELECT g, 'refill ' || g, " + writer + " FROM generate_series(" + from + ", "
                + (from + rows - 1) + ") g ON CONFLICT (id) DO NOTHING";
    }

    /** A multi-row INSERT … SELECT of {@code rows} new accounts from {@code firstId}. */
    String insertAccountsSelect(long firstId, int rows, String notePrefix) {
        return "INSERT INTO accounts (id, owner_id, balance, note, updated, flags) SELECT " + firstId + " + g, g % 1000, g * 1.5, "
                + Sql.lit(notePrefix) + " || g, now(), 0 FROM generate_series(0, " + (rows - 1) + ") g";
    }

    /** A multi-row VALUES upsert of distinct keys. */
    String multiRowRiFullPk(int rows) {
        List<String> tuples = new ArrayList<>();
        int from = writer * 100_000 + v.random().nextInt(300 - rows);
        for (int i = 0; i < rows; i++) {
            tuples.add("(" + (from + i) + ", " + Sql.lit(v.rawText()) + ", " + v.random().nextInt(1000) + ")");
        }
        return "INSERT INTO ri_full_pk (id, v, n) VALUES " + String.join(", ", tuples) + " ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v, n = EXCLUDED.n";
    }
}
