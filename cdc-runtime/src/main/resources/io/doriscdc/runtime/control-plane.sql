-- doris-cdc SQL control plane. Idempotent: run at every pipeline start and by `doris-cdc install`.
-- The functions reach the pipeline in WAL order through transactional logical decoding messages
-- (prefix doris_cdc), so a mapping changed in a transaction takes effect exactly at its commit.
CREATE SCHEMA IF NOT EXISTS doris_cdc;

DO $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'doris_cdc_admin') THEN
    CREATE ROLE doris_cdc_admin NOLOGIN;
  END IF;
END
$do$;

REVOKE ALL ON SCHEMA doris_cdc FROM PUBLIC;
GRANT USAGE ON SCHEMA doris_cdc TO doris_cdc_admin;

CREATE TABLE IF NOT EXISTS doris_cdc.mappings (
  table_schema text NOT NULL,
  table_name   text NOT NULL,
  doris_db     text NOT NULL,
  doris_table  text NOT NULL,
  added_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (table_schema, table_name)
);

CREATE TABLE IF NOT EXISTS doris_cdc.table_status (
  pipeline       text NOT NULL,
  table_schema   text NOT NULL,
  table_name     text NOT NULL,
  doris_table    text NOT NULL,
  state          text NOT NULL,
  lag_bytes      bigint NOT NULL,
  time_lag       interval,
  rows_delivered bigint NOT NULL,
  snapshot_rows  bigint,
  snapshot_rows_estimated bigint,
  last_error     text,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (pipeline, table_schema, table_name)
);

CREATE TABLE IF NOT EXISTS doris_cdc.snapshot_ranges (
  pipeline     text NOT NULL,
  table_schema text NOT NULL,
  table_name   text NOT NULL,
  start_block  bigint NOT NULL,
  end_block    bigint,            -- NULL: to the end of the table
  snapshot_lsn pg_lsn,            -- the snapshot the range was copied under, once done
  rows_copied  bigint,
  done_at      timestamptz,
  PRIMARY KEY (pipeline, table_schema, table_name, start_block)
);

CREATE OR REPLACE VIEW doris_cdc.status AS
  SELECT format('%I.%I', s.table_schema, s.table_name) AS "table",
         s.state AS status,
         s.lag_bytes,
         s.time_lag,
         s.rows_delivered AS "rows",
         s.last_error,
         s.updated_at,
         s.pipeline,
         s.doris_table,
         s.snapshot_rows,
         s.snapshot_rows_estimated
    FROM doris_cdc.table_status s;

GRANT SELECT ON doris_cdc.status, doris_cdc.mappings, doris_cdc.table_status TO doris_cdc_admin;

CREATE OR REPLACE FUNCTION doris_cdc.check_key(tbl regclass) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  kind "char";
  ident "char";
BEGIN
  SELECT c.relkind, c.relreplident INTO kind, ident FROM pg_class c WHERE c.oid = tbl;
  IF kind NOT IN ('r', 'p') THEN
    RAISE EXCEPTION 'doris_cdc: % is not a table', tbl USING ERRCODE = 'wrong_object_type';
  END IF;
  IF ident = 'f' OR ident = 'i' THEN
    RETURN;
  END IF;
  IF ident = 'd' AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = tbl AND i.indisprimary) THEN
    RETURN;
  END IF;
  RAISE EXCEPTION 'doris_cdc: table % has no primary key (replica identity %)', tbl, ident
    USING ERRCODE = 'invalid_table_definition',
          HINT = format('add a primary key, or run ALTER TABLE %s REPLICA IDENTITY FULL', tbl);
END
$fn$;

CREATE OR REPLACE FUNCTION doris_cdc.check_doris_name(name text, what text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
  IF name IS NULL OR name !~ '^[[:alpha:]][[:alnum:]_-]{0,63}$' THEN
    RAISE EXCEPTION 'doris_cdc: invalid Doris % name %', what, coalesce(quote_literal(name), 'NULL')
      USING ERRCODE = 'invalid_name',
            HINT = 'Doris names start with a letter and continue with letters, digits, ''-'' or ''_'', at most 64 characters';
  END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION doris_cdc.add_table(tbl regclass, doris_db text, doris_table text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  ns text;
  rel text;
BEGIN
  PERFORM doris_cdc.check_key(tbl);
  PERFORM doris_cdc.check_doris_name(doris_db, 'database');
  PERFORM doris_cdc.check_doris_name(doris_table, 'table');
  SELECT n.nspname, c.relname INTO ns, rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl;
  IF EXISTS (SELECT 1 FROM doris_cdc.mappings m WHERE m.table_schema = ns AND m.table_name = rel) THEN
    RAISE EXCEPTION 'doris_cdc: table % is already mapped', tbl USING ERRCODE = 'duplicate_object',
      HINT = 'call doris_cdc.remove_table first to map it elsewhere';
  END IF;
  INSERT INTO doris_cdc.mappings (table_schema, table_name, doris_db, doris_table) VALUES (ns, rel, doris_db, doris_table);
  PERFORM pg_logical_emit_message(true, 'doris_cdc', json_build_object(
    'op', 'add_table', 'schema', ns, 'table', rel, 'doris_db', doris_db, 'doris_table', doris_table)::text);
END
$fn$;

CREATE OR REPLACE FUNCTION doris_cdc.remove_table(tbl regclass) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  ns text;
  rel text;
BEGIN
  SELECT n.nspname, c.relname INTO ns, rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl;
  DELETE FROM doris_cdc.mappings m WHERE m.table_schema = ns AND m.table_name = rel;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'doris_cdc: table % is not mapped', tbl USING ERRCODE = 'undefined_object';
  END IF;
  PERFORM pg_logical_emit_message(true, 'doris_cdc', json_build_object('op', 'remove_table', 'schema', ns, 'table', rel)::text);
END
$fn$;

CREATE OR REPLACE FUNCTION doris_cdc.sync_table(tbl regclass, batch_size integer DEFAULT 1000) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  ns text;
  rel text;
BEGIN
  IF batch_size IS NULL OR batch_size < 1 OR batch_size > 10000000 THEN
    RAISE EXCEPTION 'doris_cdc: batch size % is out of range [1, 10000000]', batch_size USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM doris_cdc.check_key(tbl);
  SELECT n.nspname, c.relname INTO ns, rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl;
  PERFORM pg_logical_emit_message(true, 'doris_cdc', json_build_object(
    'op', 'sync_table', 'schema', ns, 'table', rel, 'batch_size', batch_size)::text);
END
$fn$;

REVOKE ALL ON FUNCTION doris_cdc.add_table(regclass, text, text), doris_cdc.remove_table(regclass),
  doris_cdc.sync_table(regclass, integer), doris_cdc.check_key(regclass), doris_cdc.check_doris_name(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION doris_cdc.add_table(regclass, text, text), doris_cdc.remove_table(regclass),
  doris_cdc.sync_table(regclass, integer) TO doris_cdc_admin;
GRANT EXECUTE ON FUNCTION doris_cdc.check_key(regclass), doris_cdc.check_doris_name(text, text) TO doris_cdc_admin;
