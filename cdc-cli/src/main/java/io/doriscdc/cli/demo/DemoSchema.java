package io.doriscdc.cli.demo;

import io.doriscdc.runtime.TableRoute;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The demo's sample tables in PostgreSQL schema {@value #SCHEMA}, mapped to Doris database
 * {@value #SCHEMA}: customers, orders and order lines (a composite key), with the usual column
 * types (bigint, int, text, varchar, numeric, boolean, date, timestamp, timestamptz, float8, uuid, jsonb).
 */
final class DemoSchema {

    static final String SCHEMA = "doris_cdc_demo";
    static final int CUSTOMERS = 2_000;
    static final int ORDERS = 6_000;

    static final List<TableRoute> ROUTES = List.of(
            TableRoute.of(SCHEMA + ".customers", SCHEMA, "customers"),
            TableRoute.of(SCHEMA + ".orders", SCHEMA, "orders"),
            TableRoute.of(SCHEMA + ".order_lines", SCHEMA, "order_lines"));

    private DemoSchema() {
    }

    /** Drops and recreates the schema with its sample data. */
    static void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + SCHEMA);
            st.execute("SET search_path = " + SCHEMA);
            st.execute("""
                    CREATE TABLE customers (
                      id bigint PRIMARY KEY, name text NOT NULL, email varchar(120), vip boolean NOT NULL DEFAULT false,
                      balance numeric(12,2) NOT NULL DEFAULT 0, external_id uuid, profile jsonb,
                      created_at timestamptz NOT NULL DEFAULT now())""");
            st.execute("""
                    CREATE TABLE orders (
                      id bigint PRIMARY KEY, customer_id bigint NOT NULL, status varchar(16) NOT NULL, amount numeric(12,2) NOT NULL,
                      placed_on date NOT NULL, updated_at timestamp(6) NOT NULL, note text)""");
            st.execute("""
                    CREATE TABLE order_lines (
                      order_id bigint, line int, sku varchar(32) NOT NULL, qty smallint NOT NULL, price numeric(10,2) NOT NULL,
                      weight_kg float8, PRIMARY KEY (order_id, line))""");
            st.execute("INSERT INTO customers SELECT g, 'customer ' || g, 'c' || g || '@example.com', g % 10 = 0, (g * 7 % 1000) + 0.25, "
                    + "md5(g::text)::uuid, jsonb_build_object('tier', g % 3, 'tags', jsonb_build_array('a', g % 5)), "
                    + "timestamptz '2024-01-01 00:00:00+00' + g * interval '37 minutes 1.5 seconds' "
                    + "FROM generate_series(1, " + CUSTOMERS + ") g");
            st.execute("INSERT INTO orders SELECT g, 1 + g % " + CUSTOMERS + ", (ARRAY['new','paid','shipped'])[1 + g % 3], "
                    + "(g % 500) + 0.99, date '2024-01-01' + g % 365, timestamp '2024-01-01' + g * interval '1 minute 0.000123 seconds', "
                    + "CASE WHEN g % 4 = 0 THEN 'gift wrap, \"fragile\"\tand a tab' END FROM generate_series(1, " + ORDERS + ") g");
            st.execute("INSERT INTO order_lines SELECT o, l, 'SKU-' || (o * l % 997), 1 + (o + l) % 5, ((o * l) % 200) + 0.5, "
                    + "CASE WHEN l = 2 THEN NULL ELSE (o % 50) / 3.0 END "
                    + "FROM generate_series(1, " + ORDERS + ") o, generate_series(1, 2) l");
            st.execute("ANALYZE customers, orders, order_lines");
            st.execute("RESET search_path");
        }
    }
}
