package io.doriscdc.pgoutput.golden;

import java.util.ArrayList;
import java.util.List;

/**
 * The scripted workload whose pgoutput messages are captured: every message kind of the server's
 * highest protocol version and every value family, with edge values. Tables named {@code v_*} only
 * receive inserts, so their final SQL reading is the reading of every inserted row.
 */
final class GoldenWorkload {
    private GoldenWorkload() {
    }

    /** Schema, publication and replication origin; run before the slots are created. */
    static List<String> setup(int major) {
        List<String> s = new ArrayList<>(List.of(
                "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE DOMAIN posint AS int4 CHECK (VALUE > 0)",
                "CREATE DOMAIN shorttext AS text",
                "CREATE TYPE pair AS (a int, b text)",
                """
                CREATE TABLE v_scalar (id int PRIMARY KEY, b bool, i2 int2, i4 int4, i8 int8, o oid, f4 float4, f8 float8,
                  n numeric, n2 numeric(12,2), t text, vc varchar(10), bc char(5), nm name, ch "char", by bytea, u uuid,
                  d date, tm time, ttz timetz, ts timestamp, tstz timestamptz, iv interval, j json, jb jsonb, x xml,
                  ip inet, cr cidr, mac macaddr, mac8 macaddr8, m money, bt bit(4), vb varbit)""",
                """
                CREATE TABLE v_array (id int PRIMARY KEY, ai int4[], ai8 int8[], at text[], an numeric[], ad date[], ab bool[],
                  au uuid[], ats timestamptz[], ajb jsonb[], af8 float8[], aby bytea[], aiv interval[], aip inet[], a2 int4[][])""",
                """
                CREATE TABLE v_user (id int PRIMARY KEY, mood mood, moods mood[], dom posint, dtext shorttext, comp pair,
                  pt point, bx box, r int4range, tsv tsvector, lsn pg_lsn, abx box[])""",
                "CREATE TABLE r_default (id int PRIMARY KEY, k2 int, v text)",
                "CREATE TABLE r_full (id int PRIMARY KEY, v text, big text)",
                "ALTER TABLE r_full REPLICA IDENTITY FULL",
                "CREATE TABLE r_index (id int NOT NULL, code text NOT NULL, v text)",
                "CREATE UNIQUE INDEX r_index_code ON r_index (code)",
                "ALTER TABLE r_index REPLICA IDENTITY USING INDEX r_index_code",
                "CREATE TABLE toast (id int PRIMARY KEY, small int, big text)",
                "ALTER TABLE toast ALTER COLUMN big SET STORAGE EXTERNAL",
                "CREATE TABLE trunc_parent (id serial PRIMARY KEY)",
                "CREATE TABLE trunc_child (id serial PRIMARY KEY, parent int REFERENCES trunc_parent)",
                "CREATE TABLE trunc_plain (id int)",
                "CREATE TABLE stream (id int PRIMARY KEY, payload text)",
                "CREATE TABLE tpc (id int PRIMARY KEY, v text)",
                "CREATE PUBLICATION golden FOR ALL TABLES",
                "SELECT pg_replication_origin_create('golden_origin')"));
        return s;
    }

    /** The DML, run after the slots exist. */
    static List<String> changes(int major) {
        List<String> s = new ArrayList<>();
        s.add("""
                INSERT INTO v_scalar VALUES
                (1, true, 1, 2, 3, 4, 1.5, 2.25, 12.345, 99.50, 'hello', 'varchar', 'ab', 'aname', 'c', '\\x0001ff', 
                 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2024-02-29', '13:45:06.5', '13:45:06.123+05:30',
                 '2024-02-29 13:45:06.000001', '2024-02-29 13:45:06.25+00', '1 year 2 mons 3 days 04:05:06.789',
                 '{"b": 1,   "a": [1, 2]}', '{"b": 1,   "a": [1, 2], "c": null}', '<a x="1">t</a>', '192.168.0.1/24',
                 '10.0.0.0/8', '08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05', 1234567.89, B'1010', B'10110'),
                (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                (3, false, -32768, -2147483648, -9223372036854775808, 4294967295, 'NaN', 'Infinity', 'NaN', -0.01, '', '',
                 '', '', ' ', '\\x', '00000000-0000-0000-0000-000000000000', 'infinity', '00:00:00', '00:00:00-03:00:15',
                 '-infinity', 'infinity', '00:00:00', '[]', '[]', '', '::ffff:1.2.3.4', '::/0', '00:00:00:00:00:00',
                 'ff:ff:ff:ff:ff:ff:ff:ff', -1234.56, B'0000', B''),
                (4, true, 32767, 2147483647, 9223372036854775807, 0, '-Infinity', '-Infinity', 'Infinity', 0, 'ünïcødé ☃ 𝄞',
                 'x y', 'abcde', 'pg_catalog', 'z', '\\xdeadbeef', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '-infinity',
                 '24:00:00', '23:59:59.999999-15:59', 'infinity', '-infinity', '-1 days +02:00:00', '"s"', '"s"', 'plain text',
                 '2001:db8::1/64', '2001:db8::/32', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00:00:00', 0.05, B'1111', B'1'),
                (5, false, 0, 0, 0, 1, 3.4028235e38, 1e-300, '-Infinity', -9999999999.99, E'tab\\tnew\\nline "q" \\\\',
                 '', 'a', 'n', 'A', '\\x00', '123e4567-e89b-12d3-a456-426614174000', '0044-03-15 BC', '23:59:59.999999',
                 '12:00:00+00', '0044-03-15 12:30:00 BC', '0001-01-01 00:00:00+00 BC', '-1 years -2 mons +3 days -04:05:06.5',
                 '{"k": "v\\u00e9"}', '{"k": "v\\u00e9", "n": 1.50, "e": 1e3}', '<?xml version="1.0"?><r/>', '::1', '192.168.1.0/24',
                 '01:23:45:67:89:ab', '01:23:45:67:89:ab:cd:ef', -92233720368547758.08, B'0101', B'101010101010101010'),
                (6, true, -1, -1, -1, 2, 1.1, 0.1, 123456789012345678901234567890.123456789012345678901234567890, 1, 'x', 'x',
                 'x', 'x', 'x', '\\x7f80', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', '5874897-12-31', '00:00:00.000001',
                 '00:00:00.5+14', '294276-12-31 23:59:59.999999', '4713-01-01 00:00:00+00 BC', '-00:00:00.000001',
                 '{"a":{"b":[true,false,null]}}', '{"a":{"b":[true,false,null]}}', '<x/>', '0.0.0.0/0', '0.0.0.0/0',
                 'aa:bb:cc:dd:ee:ff', 'aa:bb:cc:dd:ee:ff:00:11', 92233720368547758.07, B'0001', B'0'),
                (7, false, 7, 7, 7, 7, 1e10, 1e15, 1e-20, 0.5, 'y', 'y', 'y', 'y', 'y', '\\x', 
                 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', '4713-11-24 BC', '12:00:00', '12:00:00-00:00:01',
                 '4714-11-24 00:00:00 BC', '1999-12-31 23:59:59.999999+00', '178000000 years',
                 '1', '1', '<x>&amp;</x>', 'fe80::1/128', '2001:db8:0:0:1::/80', '0a:0b:0c:0d:0e:0f', '0a:0b:0c:0d:0e:0f:10:11',
                 -0.01, B'0010', B'11'),
                (8, true, 8, 8, 8, 8, 1e-45, 1e-320, 0.000, 0.10, 'z', 'z', 'z', 'z', 'z', '\\x00',
                 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13', '1970-01-01', '01:02:03', '01:02:03+01', '1970-01-01 00:00:00',
                 '1970-01-01 00:00:00+00', '-1 mons', '{}', '{}', '', '1::', '::/128', '00:00:00:00:00:01', '00:00:00:00:00:00:00:01',
                 1e6, B'0100', B'0000000000')""");
        s.add("INSERT INTO v_scalar (id, f4, f8, n) VALUES (9, 123456.7, 1.7976931348623157e308, 1e-130), "
                + "(10, 1234567, 123456789012345.6, -1e130), (11, 0.00001234, 4.9e-324, 100000000000000000000), "
                + "(12, '-0', '-0', 0.0000000000000000000000000000001)");
        if (major >= 17) {
            s.add("INSERT INTO v_scalar (id, iv) VALUES (13, 'infinity'), (14, '-infinity')");
        }
        s.add("""
                INSERT INTO v_array VALUES
                (1, '{1,2,NULL,4}', '{-9223372036854775808,0}', '{"a b","",NULL,"NULL","x\\"y","back\\\\slash","{}",",",plain}',
                 '{1.50,NaN,-Infinity}', '{2024-01-01,infinity,0044-03-15 BC}', '{t,f,NULL}',
                 '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', '{"2024-01-01 00:00:00+00","-infinity"}', '{"{\\"a\\": 1}",null}',
                 '{1.5,NaN,-Infinity,1e100}', '{"\\\\x00ff",NULL}', '{"1 day","-00:00:01"}', '{10.0.0.1/8,::1}',
                 '{{1,2,3},{4,NULL,6}}'),
                (2, '{}', NULL, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}'),
                (3, '[0:2]={7,8,9}', '{1}', '{" lead", "trail ", "tab\\there", "semi;colon"}', '{0.000}',
                 '{1970-01-01}', '{NULL}', '{NULL}', '{NULL}', '{"[]"}', '{-0}', '{"\\\\x"}', '{"1 year"}', '{NULL}',
                 '[1:2][3:4]={{1,2},{3,4}}'),
                (4, '{{{1}},{{2}}}', '{NULL,NULL}', '{"ü","☃"}', '{123456789012345678901234567890.5}', NULL, NULL, NULL, NULL, NULL,
                 NULL, NULL, NULL, NULL, '{{NULL}}')""");
        s.add("""
                INSERT INTO v_user VALUES
                (1, 'happy', '{sad,ok,NULL}', 42, 'domain text', ROW(1, 'x y'), '(1.5,2)', '(1,2),(3,4)', '[1,10)',
                 'a fat cat', '16/B374D848', '{(1,2),(3,4);(5,6),(7,8)}'),
                (2, NULL, '{}', NULL, '', NULL, NULL, NULL, 'empty', '', '0/0', NULL),
                (3, 'sad', '{happy}', 1, 'x', ROW(NULL, NULL), '(-1e-300,1e300)', '(0,0),(0,0)', '(,)', 'b:1A c:2', 'FFFFFFFF/FFFFFFFF',
                 '{}')""");
        // replica identities: DEFAULT (key change and not), FULL, USING INDEX
        s.add("INSERT INTO r_default VALUES (1, 10, 'a'), (2, 20, 'b')");
        s.add("UPDATE r_default SET v = 'a2' WHERE id = 1");
        s.add("UPDATE r_default SET id = 3 WHERE id = 2");
        s.add("DELETE FROM r_default WHERE id = 1");
        s.add("INSERT INTO r_full VALUES (1, 'a', repeat('0123456789abcdef', 1000)), (2, 'b', NULL)");
        s.add("UPDATE r_full SET v = 'a2' WHERE id = 1");
        s.add("DELETE FROM r_full WHERE id = 2");
        s.add("INSERT INTO r_index VALUES (1, 'c1', 'a'), (2, 'c2', 'b')");
        s.add("UPDATE r_index SET v = 'a2' WHERE code = 'c1'");
        s.add("UPDATE r_index SET code = 'c3' WHERE code = 'c2'");
        s.add("DELETE FROM r_index WHERE code = 'c1'");
        // unchanged TOAST: a big external value kept while another column changes
        s.add("INSERT INTO toast VALUES (1, 1, (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 300) i))");
        s.add("UPDATE toast SET small = 2 WHERE id = 1");
        s.add("DELETE FROM toast WHERE id = 1");
        // truncate: several relations with CASCADE and RESTART IDENTITY, and a plain one
        s.add("INSERT INTO trunc_parent DEFAULT VALUES");
        s.add("INSERT INTO trunc_child (parent) VALUES (1)");
        s.add("TRUNCATE trunc_parent RESTART IDENTITY CASCADE");
        s.add("TRUNCATE trunc_plain");
        // logical messages, transactional and not
        s.add("SELECT pg_logical_emit_message(true, 'golden', 'transactional message')");
        s.add("SELECT pg_logical_emit_message(false, 'golden', convert_to('non-transactional ☃', 'UTF8'))");
        // a transaction from a replication origin
        s.add("SELECT pg_replication_origin_session_setup('golden_origin')");
        s.add("BEGIN");
        s.add("SELECT pg_replication_origin_xact_setup('0/12345678', '2024-01-01 00:00:00+00')");
        s.add("INSERT INTO r_default VALUES (100, 1, 'from origin')");
        s.add("COMMIT");
        s.add("SELECT pg_replication_origin_session_reset()");
        // a large transaction, streamed in chunks, with a streamed subtransaction that aborts
        s.add("BEGIN");
        s.add("INSERT INTO stream SELECT i, repeat(md5(i::text), 2) FROM generate_series(1, 700) i");
        s.add("SAVEPOINT sp");
        s.add("INSERT INTO stream SELECT i, repeat(md5(i::text), 2) FROM generate_series(100001, 100700) i");
        s.add("ROLLBACK TO SAVEPOINT sp");
        s.add("UPDATE stream SET payload = 'changed' WHERE id <= 2");
        s.add("COMMIT");
        // a large transaction that aborts after being streamed
        s.add("BEGIN");
        s.add("INSERT INTO stream SELECT i, repeat(md5(i::text), 2) FROM generate_series(200001, 200700) i");
        s.add("ROLLBACK");
        if (major >= 15) {
            s.add("BEGIN");
            s.add("INSERT INTO tpc VALUES (1, 'prepared then committed')");
            s.add("PREPARE TRANSACTION 'golden_commit'");
            s.add("COMMIT PREPARED 'golden_commit'");
            s.add("BEGIN");
            s.add("INSERT INTO tpc VALUES (2, 'prepared then rolled back')");
            s.add("PREPARE TRANSACTION 'golden_rollback'");
            s.add("ROLLBACK PREPARED 'golden_rollback'");
            s.add("BEGIN");
            s.add("INSERT INTO stream SELECT i, repeat(md5(i::text), 2) FROM generate_series(300001, 300700) i");
            s.add("PREPARE TRANSACTION 'golden_streamed'");
            s.add("COMMIT PREPARED 'golden_streamed'");
        }
        return s;
    }
}
