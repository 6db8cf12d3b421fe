package io.doriscdc.chaos;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The rows the tables hold before the first pipeline starts (its initial copy), in each writer's key ranges. Stateless. */
final class SeedData {

    private SeedData() {
    }

    static void load(Connection c, ChaosSettings s) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (int w = 0; w < s.writers(); w++) {
                Statements sql = new Statements(w, new Values(Seeds.random(s.seed(), "seed-data-" + w), s.extremeValues()));
                long base = (w + 1) * 1_000_000_000L;
                st.execute("INSERT INTO accounts (id, owner_id, balance, note, updated, flags) SELECT " + base + " + g, g % 100, g * 0.25, "
                        + "'seeded ' || g, '2020-01-01 00:00:00+00'::timestamptz + g * interval '1 minute', 0 FROM generate_series(0, 1499) g");
                for (int t = 0; t < 8; t++) {
                    for (String code : Statements.CODES) {
                        st.execute("INSERT INTO composite (tenant, code, seq, descr, amount) SELECT " + (w * 1000 + t) + ", " + Sql.lit(code)
                                + ", g, 'seeded', g FROM generate_series(0, 9) g");
                    }
                }
                for (int i = 0; i < 60; i++) {
                    st.execute(sql.upsertEdge(w * 100_000 + i * 5));
                }
                for (int i = 0; i < 15; i++) {
                    st.execute(sql.upsertToasty(w * 1000 + i * 2));
                }
                st.execute("INSERT INTO ri_full_pk (id, v, n) SELECT " + w * 100_000 + " + g * 3, 'seeded ' || g, g FROM generate_series(0, 99) g");
                st.execute("INSERT INTO ri_index (a, b, c) SELECT " + w * 100_000 + " + g * 3, 'seeded', g FROM generate_series(0, 99) g");
                st.execute("INSERT INTO trunc_target (id, v, w) SELECT " + w * 100_000 + " + g * 4, 'seeded', " + w + " FROM generate_series(0, 49) g");
            }
        }
    }
}
