-- doris-cdc SQL control plane. Idempotent: run at every pipeline start and by `doris-cdc install`.
-- The functions reach the pipeline in WAL order as rows of doris_cdc.commands, a table that only
-- they can write (they run as its owner, SECURITY DEFINER, and only doris_cdc_admin may call them)
-- and that the pipeline's publication publishes: a mapping changed in a transaction takes effect
-- exactly at its commit. Logical decoding messages are not a command path: pg_logical_emit_message
-- is executable by PUBLIC, so the pipeline ignores them (and counts them).
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

-- One row per pipeline (named by its slot) that follows this control plane.
CREATE TABLE IF NOT EXISTS doris_cdc.pipelines (
  pipeline    text PRIMARY KEY,
  publication text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS doris_cdc.mappings (
  pipeline     text NOT NULL REFERENCES doris_cdc.pipelines ON DELETE CASCADE,
  table_schema text NOT NULL,
  table_name   text NOT NULL,
  doris_db     text NOT NULL,
  doris_table  text NOT NULL,
  added_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pipeline, table_schema, table_name)
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

-- The newest TRUNCATE each pipeline applied to each Doris table, at its stream position (commit LSN
-- of its transaction, ordinal within it). Written after Doris ran the TRUNCATE and before any later
-- load of that table, so that a replay after a crash neither runs it again (which would remove rows
-- loaded after it) nor loads the changes it superseded.
CREATE TABLE IF NOT EXISTS doris_cdc.applied_truncates (
  pipeline     text NOT NULL,
  table_schema text NOT NULL,
  table_name   text NOT NULL,
  commit_lsn   pg_lsn NOT NULL,
  ordinal      bigint NOT NULL,
  applied_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pipeline, table_schema, table_name)
);

-- The newest column change each pipeline applied to each Doris table, at the stream position of the
-- Relation message that showed it, with what changed (SchemaLog). Written after every earlier change
-- of the table was committed in Doris and before Doris runs the change's statements, so that a
-- replay after a crash skips the table's changes before it (Doris has them, and perhaps already
-- the new column names) and plans the same change again at its position, which finds what Doris
-- already did.
CREATE TABLE IF NOT EXISTS doris_cdc.applied_schema_changes (
  pipeline     text NOT NULL,
  table_schema text NOT NULL,
  table_name   text NOT NULL,
  commit_lsn   pg_lsn NOT NULL,
  ordinal      bigint NOT NULL,
  change       text[] NOT NULL,
  applied_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pipeline, table_schema, table_name)
);

-- The PostgreSQL system each pipeline last started against (SourceIdentity): its system identifier and
-- timeline, as IDENTIFY_SYSTEM reports them. A start against another system (a dump and restore, a new
-- cluster: WAL positions start again, lower, than the versions Doris holds) is refused with the re-sync
-- procedure; a new timeline of the same system (a promoted standby) is allowed.
CREATE TABLE IF NOT EXISTS doris_cdc.source_identity (
  pipeline          text PRIMARY KEY,
  system_identifier text NOT NULL,
  timeline          bigint NOT NULL,
  recorded_at       timestamptz NOT NULL DEFAULT now()
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

GRANT SELECT ON doris_cdc.status, doris_cdc.mappings, doris_cdc.table_status, doris_cdc.pipelines TO doris_cdc_admin;

-- High availability (docs/operations.md, "High availability"): the instance that holds a pipeline's
-- lease streams, the others stand by. Every time is PostgreSQL's own clock (now()), so the hosts'
-- clocks never matter. A lease not renewed for ha.lease-timeout, or whose holder's session is gone
-- while no walsender holds the slot, may be claimed by a standby; the slot's exclusivity (one
-- walsender at a time) fences the stream itself. Unlogged: renewals write no WAL, so they reach no
-- slot; after a crash restart the tables are empty and the instances claim the lease afresh.
CREATE UNLOGGED TABLE IF NOT EXISTS doris_cdc.leases (
  pipeline      text PRIMARY KEY,
  holder        text,              -- instance id and a per-process nonce; NULL once released
  term          bigint NOT NULL,   -- +1 at every claim
  renewed_at    timestamptz NOT NULL,
  lease_pid     int,               -- the backend of the holder's lease session
  walsender_pid int                -- the backend of the holder's replication connection, once connected
);

-- Every instance of every pipeline, active or standing by, as it last reported itself.
CREATE UNLOGGED TABLE IF NOT EXISTS doris_cdc.instances (
  pipeline   text NOT NULL,
  instance   text NOT NULL,
  state      text NOT NULL,
  detail     text,
  since      timestamptz NOT NULL DEFAULT now(),  -- when it entered that state
  seen_at    timestamptz NOT NULL,
  PRIMARY KEY (pipeline, instance)
);

REVOKE ALL ON doris_cdc.leases, doris_cdc.instances FROM PUBLIC;
GRANT SELECT ON doris_cdc.leases, doris_cdc.instances TO doris_cdc_admin;

-- Every command the functions issue, in WAL order; the pipeline acts on the inserts it streams.
-- Nobody but the owner (through the functions) may write it; it doubles as an audit log.
CREATE TABLE IF NOT EXISTS doris_cdc.commands (
  id          bigserial PRIMARY KEY,
  pipeline    text NOT NULL,
  op          text NOT NULL CHECK (op IN ('add_table', 'remove_table', 'sync_table')),
  table_schema text NOT NULL,
  table_name  text NOT NULL,
  doris_db    text,
  doris_table text,
  batch_size  integer,
  issued_by   text NOT NULL DEFAULT session_user,
  issued_at   timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON doris_cdc.commands FROM PUBLIC;

-- The commands a pipeline applied at their stream position (CommandLog): written, with a synchronous
-- commit, by the worker when it applies the command, before the command's transaction can be
-- acknowledged. At start, a pipeline's add_table / remove_table without a row here is one its slot
-- has not passed yet: the mappings are rolled back to the slot's position and the stream applies the
-- command where it committed (docs/operations.md, "Non-row events: one rule"). When the table is first
-- created, the commands issued before count as applied (earlier versions applied them at start).
DO $do$
BEGIN
  IF to_regclass('doris_cdc.applied_commands') IS NULL THEN
    CREATE TABLE doris_cdc.applied_commands (
      command_id bigint PRIMARY KEY,
      pipeline   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO doris_cdc.applied_commands (command_id, pipeline) SELECT id, pipeline FROM doris_cdc.commands;
  END IF;
END
$do$;
REVOKE ALL ON SEQUENCE doris_cdc.commands_id_seq FROM PUBLIC;
GRANT SELECT ON doris_cdc.commands TO doris_cdc_admin;

-- The pipeline a call is for: the one named, or the only one there is.
CREATE OR REPLACE FUNCTION doris_cdc.resolve_pipeline(requested text) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  found text;
  n int;
BEGIN
  IF requested IS NOT NULL THEN
    SELECT p.pipeline INTO found FROM doris_cdc.pipelines p WHERE p.pipeline = requested;
    IF found IS NULL THEN
      RAISE EXCEPTION 'doris_cdc: no pipeline named %', quote_literal(requested) USING ERRCODE = 'undefined_object',
        HINT = (SELECT 'known pipelines: ' || coalesce(string_agg(p.pipeline, ', ' ORDER BY p.pipeline), 'none') FROM doris_cdc.pipelines p);
    END IF;
    RETURN found;
  END IF;
  SELECT count(*), min(p.pipeline) INTO n, found FROM doris_cdc.pipelines p;
  IF n = 1 THEN
    RETURN found;
  END IF;
  IF n = 0 THEN
    RAISE EXCEPTION 'doris_cdc: no pipeline has started against this database yet' USING ERRCODE = 'undefined_object',
      HINT = 'start a pipeline (doris-cdc run) first';
  END IF;
  RAISE EXCEPTION 'doris_cdc: % pipelines follow this database; name one', n USING ERRCODE = 'ambiguous_parameter',
    HINT = (SELECT 'pass pipeline => one of ' || string_agg(p.pipeline, ', ' ORDER BY p.pipeline) FROM doris_cdc.pipelines p);
END
$fn$;

CREATE OR REPLACE FUNCTION doris_cdc.check_key(tbl regclass) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  kind "char";
  ident "char";
  fix text;
BEGIN
  SELECT c.relkind, c.relreplident INTO kind, ident FROM pg_class c WHERE c.oid = tbl;
  IF kind NOT IN ('r', 'p') THEN
    RAISE EXCEPTION 'doris_cdc: % is not a table', tbl USING ERRCODE = 'wrong_object_type';
  END IF;
  -- an UNLOGGED table or partition writes no WAL: its changes would never reach the stream (SourceChecks.requireLogged)
  SELECT string_agg(format('ALTER TABLE %I.%I SET LOGGED;', n.nspname, r.relname), ' ' ORDER BY t.level, r.relname) INTO fix
    FROM (SELECT relid, level FROM pg_partition_tree(tbl) UNION SELECT tbl, 0) t JOIN pg_class r ON r.oid = t.relid JOIN pg_namespace n ON n.oid = r.relnamespace
   WHERE r.relpersistence = 'u';
  IF fix IS NOT NULL THEN
    RAISE EXCEPTION 'doris_cdc: table % is UNLOGGED or has UNLOGGED partitions: their changes are not written to WAL and never reach Doris', tbl
      USING ERRCODE = 'invalid_table_definition', HINT = 'make them logged: ' || fix;
  END IF;
  -- the same rule as the pipeline's (PgSetup.keyColumns): a primary key under REPLICA IDENTITY DEFAULT or
  -- FULL, or a replica identity index; REPLICA IDENTITY FULL alone is no unique key for Doris
  IF ident = 'i' AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = tbl AND i.indisreplident) THEN
    RETURN;
  END IF;
  IF ident IN ('d', 'f') AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = tbl AND i.indisprimary) THEN
    RETURN;
  END IF;
  RAISE EXCEPTION 'doris_cdc: table % has no primary key (replica identity %)', tbl,
      CASE ident WHEN 'f' THEN 'FULL, which is no unique key' WHEN 'n' THEN 'NOTHING' WHEN 'i' THEN 'USING INDEX, whose index is gone' ELSE 'DEFAULT' END
    USING ERRCODE = 'invalid_table_definition',
          HINT = format('add a primary key (ALTER TABLE %1$s ADD PRIMARY KEY (<columns>)), or make a unique index on NOT NULL columns'
                        ' its replica identity (CREATE UNIQUE INDEX <name> ON %1$s (<columns>); ALTER TABLE %1$s REPLICA IDENTITY USING INDEX <name>);'
                        ' REPLICA IDENTITY FULL alone is not enough: keyed on every column, Doris would collapse duplicate rows and lose rows on updates', tbl);
END
$fn$;

CREATE OR REPLACE FUNCTION doris_cdc.check_doris_name(name text, what text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
  -- the same rule as the pipeline's (ControlPlane.NAME_RULE): ASCII, checked by code point
  IF name IS NULL OR name !~ '^[A-Za-z][A-Za-z0-9_-]{0,63}$' THEN
    RAISE EXCEPTION 'doris_cdc: invalid Doris % name %', what, coalesce(quote_literal(name), 'NULL')
      USING ERRCODE = 'invalid_name',
            HINT = 'names given to doris_cdc functions start with an ASCII letter and continue with ASCII letters, digits, ''-'' or ''_'', at most 64 characters (other Doris names: use the pipeline configuration)';
  END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION doris_cdc.add_table(tbl regclass, doris_db text, doris_table text, pipeline text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  ns text;
  rel text;
  p text;
BEGIN
  PERFORM doris_cdc.check_key(tbl);
  p := doris_cdc.resolve_pipeline(pipeline);
  PERFORM doris_cdc.check_doris_name(doris_db, 'database');
  PERFORM doris_cdc.check_doris_name(doris_table, 'table');
  SELECT n.nspname, c.relname INTO ns, rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl;
  IF EXISTS (SELECT 1 FROM doris_cdc.mappings m WHERE m.pipeline = p AND m.table_schema = ns AND m.table_name = rel) THEN
    RAISE EXCEPTION 'doris_cdc: table % is already mapped by pipeline %', tbl, p USING ERRCODE = 'duplicate_object',
      HINT = 'call doris_cdc.remove_table first to map it elsewhere';
  END IF;
  INSERT INTO doris_cdc.mappings (pipeline, table_schema, table_name, doris_db, doris_table) VALUES (p, ns, rel, doris_db, doris_table);
  INSERT INTO doris_cdc.commands (pipeline, op, table_schema, table_name, doris_db, doris_table)
    VALUES (p, 'add_table', ns, rel, doris_db, doris_table);
END
$fn$;

CREATE OR REPLACE FUNCTION doris_cdc.remove_table(tbl regclass, pipeline text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  ns text;
  rel text;
  p text;
  ddb text;
  dtbl text;
BEGIN
  p := doris_cdc.resolve_pipeline(pipeline);
  SELECT n.nspname, c.relname INTO ns, rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl;
  DELETE FROM doris_cdc.mappings m WHERE m.pipeline = p AND m.table_schema = ns AND m.table_name = rel
    RETURNING m.doris_db, m.doris_table INTO ddb, dtbl;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'doris_cdc: table % is not mapped by pipeline %', tbl, p USING ERRCODE = 'undefined_object';
  END IF;
  -- the Doris table too: a pipeline whose slot has not passed this command maps the table there until it does
  INSERT INTO doris_cdc.commands (pipeline, op, table_schema, table_name, doris_db, doris_table) VALUES (p, 'remove_table', ns, rel, ddb, dtbl);
END
$fn$;

CREATE OR REPLACE FUNCTION doris_cdc.sync_table(tbl regclass, batch_size integer DEFAULT 1000, pipeline text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  ns text;
  rel text;
  p text;
BEGIN
  IF batch_size IS NULL OR batch_size < 1 OR batch_size > 10000000 THEN
    RAISE EXCEPTION 'doris_cdc: batch size % is out of range [1, 10000000]', batch_size USING ERRCODE = 'invalid_parameter_value';
  END IF;
  p := doris_cdc.resolve_pipeline(pipeline);
  SELECT n.nspname, c.relname INTO ns, rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl;
  IF NOT EXISTS (SELECT 1 FROM doris_cdc.mappings m WHERE m.pipeline = p AND m.table_schema = ns AND m.table_name = rel) THEN
    RAISE EXCEPTION 'doris_cdc: table % is not mapped by pipeline %', tbl, p USING ERRCODE = 'undefined_object',
      HINT = 'map it first with doris_cdc.add_table';
  END IF;
  INSERT INTO doris_cdc.commands (pipeline, op, table_schema, table_name, batch_size) VALUES (p, 'sync_table', ns, rel, batch_size);
END
$fn$;

REVOKE ALL ON FUNCTION doris_cdc.add_table(regclass, text, text, text), doris_cdc.remove_table(regclass, text),
  doris_cdc.sync_table(regclass, integer, text), doris_cdc.check_key(regclass), doris_cdc.check_doris_name(text, text),
  doris_cdc.resolve_pipeline(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION doris_cdc.add_table(regclass, text, text, text), doris_cdc.remove_table(regclass, text),
  doris_cdc.sync_table(regclass, integer, text) TO doris_cdc_admin;
GRANT EXECUTE ON FUNCTION doris_cdc.check_key(regclass), doris_cdc.check_doris_name(text, text), doris_cdc.resolve_pipeline(text) TO doris_cdc_admin;

-- snapshot copies (relfilenode, leaves)
-- A range belongs to the table's own heap (leaf_schema = leaf_name = '') or to one leaf partition of a
-- partitioned table; relfilenode is the relation's when the range was planned, so that a resumed copy
-- sees a rewrite (VACUUM FULL, CLUSTER, pg_repack...) that moved rows into ranges already copied.
ALTER TABLE doris_cdc.snapshot_ranges ADD COLUMN IF NOT EXISTS leaf_schema text NOT NULL DEFAULT '';
ALTER TABLE doris_cdc.snapshot_ranges ADD COLUMN IF NOT EXISTS leaf_name text NOT NULL DEFAULT '';
ALTER TABLE doris_cdc.snapshot_ranges ADD COLUMN IF NOT EXISTS relfilenode oid;  -- NULL: planned before it was recorded
DO $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                 WHERE i.indrelid = 'doris_cdc.snapshot_ranges'::regclass AND i.indisprimary AND a.attname = 'leaf_name') THEN
    ALTER TABLE doris_cdc.snapshot_ranges DROP CONSTRAINT IF EXISTS snapshot_ranges_pkey;
    ALTER TABLE doris_cdc.snapshot_ranges ADD PRIMARY KEY (pipeline, table_schema, table_name, leaf_schema, leaf_name, start_block);
  END IF;
END
$do$;

-- partitions attached and detached while streaming
-- PostgreSQL's stream says nothing when a partition is attached to or detached from a published
-- partitioned table: an attached table's rows join it and a detached one's leave it, with no row
-- change. An event trigger writes what changed into doris_cdc.partition_changes, in the same
-- transaction, so the pipeline reads it in WAL order: 'attach' rows (the pipeline copies the new
-- leaf under a fresh snapshot) and, for a detached leaf, one 'detach' row per row it held, with the
-- root's key as text (the pipeline deletes those keys from the root's Doris table at that position).
-- doris_cdc.partition_members holds the leaves each published partitioned table had after the last
-- DDL statement, by OID. The trigger function runs as this schema's owner; CREATE EVENT TRIGGER
-- needs a superuser, so the triggers are created only when a superuser runs this script (the
-- pipeline names the statements to run otherwise).
CREATE TABLE IF NOT EXISTS doris_cdc.partition_members (
  root oid NOT NULL,
  leaf oid NOT NULL,
  PRIMARY KEY (root, leaf)
);
ALTER TABLE doris_cdc.partition_members ADD COLUMN IF NOT EXISTS leaf_ident text; -- schema.name, quoted, for messages
CREATE TABLE IF NOT EXISTS doris_cdc.partition_changes (
  id          bigserial PRIMARY KEY,
  op          text NOT NULL CHECK (op IN ('attach', 'detach', 'truncate')),
  root_schema text NOT NULL,
  root_name   text NOT NULL,
  leaf_schema text NOT NULL,
  leaf_name   text NOT NULL,
  key_columns text[],   -- detach: the root's key columns (its primary key, else every column)
  key_values  text[],   -- detach: one row's values of key_columns as text; NULL when the leaf was empty
  changed_at  timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON doris_cdc.partition_members, doris_cdc.partition_changes FROM PUBLIC;
REVOKE ALL ON SEQUENCE doris_cdc.partition_changes_id_seq FROM PUBLIC;
GRANT SELECT ON doris_cdc.partition_changes TO doris_cdc_admin;

-- an install from before leaf TRUNCATEs were followed accepts 'attach' and 'detach' only
DO $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'doris_cdc.partition_changes'::regclass AND contype = 'c'
                 AND pg_get_constraintdef(oid) LIKE '%truncate%') THEN
    ALTER TABLE doris_cdc.partition_changes DROP CONSTRAINT IF EXISTS partition_changes_op_check;
    ALTER TABLE doris_cdc.partition_changes ADD CONSTRAINT partition_changes_op_check CHECK (op IN ('attach', 'detach', 'truncate'));
  END IF;
END
$do$;

-- The rows a leaf holds, recorded by the root's key as 'detach' or 'truncate' rows of
-- doris_cdc.partition_changes (one row per leaf row, or one row without key_values for an empty
-- leaf): the pipeline deletes those keys from the root's Doris table at this position. The key is
-- the root's primary key (its key attributes, never INCLUDE columns), else every column.
CREATE OR REPLACE FUNCTION doris_cdc.record_leaf_rows(op text, root oid, leaf oid) RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' SET DateStyle = 'ISO, MDY' SET IntervalStyle = 'postgres'
SET extra_float_digits = 1 SET bytea_output = 'hex'
AS $fn$
DECLARE
  keys text[];
  key_list text;
  n bigint;
  root_schema text;
  root_name text;
  leaf_schema text;
  leaf_name text;
BEGIN
  SELECT rn.nspname, rc.relname INTO root_schema, root_name FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = root;
  SELECT ln.nspname, lc.relname INTO leaf_schema, leaf_name FROM pg_class lc JOIN pg_namespace ln ON ln.oid = lc.relnamespace WHERE lc.oid = leaf;
  SELECT array_agg(a.attname::text ORDER BY k.ord) INTO keys
    FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
   WHERE i.indrelid = root AND i.indisprimary AND k.ord <= i.indnkeyatts;
  IF keys IS NULL THEN
    SELECT array_agg(a.attname::text ORDER BY a.attnum) INTO keys FROM pg_attribute a
     WHERE a.attrelid = root AND a.attnum > 0 AND NOT a.attisdropped;
  END IF;
  SELECT string_agg(format('%I::text', k), ', ') INTO key_list FROM unnest(keys) k;
  EXECUTE format('INSERT INTO doris_cdc.partition_changes (op, root_schema, root_name, leaf_schema, leaf_name, key_columns, key_values) '
                 'SELECT $6, $1, $2, $3, $4, $5, ARRAY[%s] FROM ONLY %I.%I', key_list, leaf_schema, leaf_name)
    USING root_schema, root_name, leaf_schema, leaf_name, keys, op;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n = 0 THEN
    INSERT INTO doris_cdc.partition_changes (op, root_schema, root_name, leaf_schema, leaf_name, key_columns)
      VALUES (op, root_schema, root_name, leaf_schema, leaf_name, keys);
  END IF;
  RETURN n;
END
$fn$;
REVOKE ALL ON FUNCTION doris_cdc.record_leaf_rows(text, oid, oid) FROM PUBLIC;

-- TRUNCATE of some partitions of a published partitioned table
-- pgoutput publishes no TRUNCATE of a partition when its publication publishes through the root
-- (publish_via_partition_root; pgoutput.c, pgoutput_truncate skips a partition whose
-- publish_as_relid is not its own): the rows would stay in Doris. A statement trigger on each leaf
-- records, before the TRUNCATE, the rows it held (doris_cdc.record_leaf_rows, op 'truncate'), so
-- that they are deleted from the root's Doris table at the TRUNCATE's position. A TRUNCATE of the
-- root itself is published: the root's BEFORE trigger marks it for the statement (its leaves'
-- triggers fire between the root's BEFORE and AFTER triggers: ExecuteTruncateGuts) and its AFTER
-- trigger clears the mark, so that its leaves record nothing.
CREATE OR REPLACE FUNCTION doris_cdc.follow_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  marks text := coalesce(current_setting('doris_cdc.truncating', true), '');
  anc record;
BEGIN
  IF (SELECT NOT c.relispartition FROM pg_class c WHERE c.oid = TG_RELID) THEN
    IF TG_WHEN = 'BEFORE' THEN
      PERFORM set_config('doris_cdc.truncating', marks || ' ' || TG_RELID::text || ' ', true);
    ELSE
      PERFORM set_config('doris_cdc.truncating', replace(marks, ' ' || TG_RELID::text || ' ', ''), true);
    END IF;
    RETURN NULL;
  END IF;
  IF (SELECT c.relkind FROM pg_class c WHERE c.oid = TG_RELID) <> 'r' THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_partition_ancestors(TG_RELID) a WHERE position(' ' || a.relid::oid::text || ' ' IN marks) > 0) THEN
    RETURN NULL; -- truncated with its root, whose TRUNCATE is published
  END IF;
  FOR anc IN
    SELECT DISTINCT a.relid::oid AS root
      FROM pg_partition_ancestors(TG_RELID) a
      JOIN pg_publication_rel pr ON pr.prrelid = a.relid
      JOIN pg_publication p ON p.oid = pr.prpubid
     WHERE a.relid <> TG_RELID AND p.pubname IN (SELECT pl.publication FROM doris_cdc.pipelines pl)
  LOOP
    PERFORM doris_cdc.record_leaf_rows('truncate', anc.root, TG_RELID);
  END LOOP;
  RETURN NULL;
END
$fn$;
REVOKE ALL ON FUNCTION doris_cdc.follow_truncate() FROM PUBLIC;

-- Creates the TRUNCATE triggers on a published partitioned table and each of its leaves that
-- lacks them; returns the tables it could not create them on (creating a trigger needs the
-- TRIGGER privilege or ownership of the table), for the pipeline to report with the statements.
CREATE OR REPLACE FUNCTION doris_cdc.follow_truncates(root oid) RETURNS text[]
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  rel record;
  missed text[] := '{}';
BEGIN
  FOR rel IN
    SELECT t.relid::oid AS relid, t.relid::regclass::text AS ident, t.level
      FROM pg_partition_tree(root) t JOIN pg_class c ON c.oid = t.relid
     WHERE (t.level = 0 OR (t.isleaf AND c.relkind = 'r'))
       AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = t.relid AND g.tgname = 'doris_cdc_truncate_before')
  LOOP
    BEGIN
      EXECUTE format('CREATE TRIGGER doris_cdc_truncate_before BEFORE TRUNCATE ON %s FOR EACH STATEMENT '
                     'EXECUTE FUNCTION doris_cdc.follow_truncate()', rel.ident);
      IF rel.level = 0 THEN
        EXECUTE format('CREATE TRIGGER doris_cdc_truncate_after AFTER TRUNCATE ON %s FOR EACH STATEMENT '
                       'EXECUTE FUNCTION doris_cdc.follow_truncate()', rel.ident);
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      missed := missed || rel.ident;
    END;
  END LOOP;
  RETURN missed;
END
$fn$;
REVOKE ALL ON FUNCTION doris_cdc.follow_truncates(oid) FROM PUBLIC;

CREATE OR REPLACE FUNCTION doris_cdc.follow_partitions() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER
-- key values as text in the forms the pipeline decodes (the pgoutput text forms)
SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' SET DateStyle = 'ISO, MDY' SET IntervalStyle = 'postgres'
SET extra_float_digits = 1 SET bytea_output = 'hex'
AS $fn$
DECLARE
  r record;
  gone record;
  added record;
  moved boolean := false;
  pub record;
BEGIN
  IF TG_TAG NOT IN ('ALTER TABLE', 'CREATE TABLE', 'DROP TABLE', 'DROP SCHEMA') THEN
    RETURN;
  END IF;
  -- members of roots dropped (or no longer partitioned) are forgotten
  DELETE FROM doris_cdc.partition_members m WHERE NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = m.root AND c.relkind = 'p');
  FOR r IN
    SELECT DISTINCT c.oid AS root, n.nspname AS root_schema, c.relname AS root_name
      FROM pg_publication p JOIN pg_publication_rel pr ON pr.prpubid = p.oid
      JOIN pg_class c ON c.oid = pr.prrelid AND c.relkind = 'p' JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE p.pubname IN (SELECT pl.publication FROM doris_cdc.pipelines pl)
  LOOP
    IF TG_EVENT = 'ddl_command_start'
       OR NOT EXISTS (SELECT 1 FROM doris_cdc.partition_members m WHERE m.root = r.root) THEN
      -- before the statement: record the leaves when the record is missing or stale (DDL ran while
      -- the trigger was disabled); there is nothing to compare with
      IF EXISTS (SELECT t.relid FROM pg_partition_tree(r.root) t WHERE t.isleaf AND t.level > 0
                 EXCEPT SELECT m.leaf FROM doris_cdc.partition_members m WHERE m.root = r.root)
         OR EXISTS (SELECT m.leaf FROM doris_cdc.partition_members m WHERE m.root = r.root
                    EXCEPT SELECT t.relid FROM pg_partition_tree(r.root) t WHERE t.isleaf AND t.level > 0) THEN
        DELETE FROM doris_cdc.partition_members m WHERE m.root = r.root;
        INSERT INTO doris_cdc.partition_members (root, leaf, leaf_ident)
          SELECT r.root, t.relid, t.relid::regclass::text FROM pg_partition_tree(r.root) t WHERE t.isleaf AND t.level > 0;
      END IF;
      CONTINUE;
    END IF;
    -- after the statement: leaves that left the root, then leaves that joined it
    FOR gone IN
      SELECT m.leaf, m.leaf_ident, ln.nspname AS leaf_schema, l.relname AS leaf_name, l.relkind
        FROM doris_cdc.partition_members m
        LEFT JOIN pg_class l ON l.oid = m.leaf LEFT JOIN pg_namespace ln ON ln.oid = l.relnamespace
       WHERE m.root = r.root
         AND m.leaf NOT IN (SELECT t.relid FROM pg_partition_tree(r.root) t WHERE t.isleaf AND t.level > 0)
    LOOP
      IF gone.leaf_name IS NULL THEN
        -- dropped: its rows are gone from PostgreSQL and cannot be read any more
        RAISE EXCEPTION 'doris_cdc: partition % of %.%, which doris-cdc replicates, cannot be dropped while attached',
          coalesce(gone.leaf_ident, gone.leaf::text), quote_ident(r.root_schema), quote_ident(r.root_name) USING ERRCODE = 'object_in_use',
          HINT = format('detach it first (ALTER TABLE %I.%I DETACH PARTITION %s): doris-cdc then deletes its rows from Doris; then drop it',
                        r.root_schema, r.root_name, coalesce(gone.leaf_ident, '<partition>'));
      END IF;
      IF gone.relkind <> 'r' THEN
        CONTINUE; -- a foreign leaf: its rows were never copied nor streamed
      END IF;
      PERFORM doris_cdc.record_leaf_rows('detach', r.root, gone.leaf);
      moved := true;
    END LOOP;
    IF TG_TAG <> 'CREATE TABLE' THEN -- a partition created now is empty: its rows stream through the root
      FOR added IN
        SELECT ln.nspname AS leaf_schema, l.relname AS leaf_name
          FROM pg_partition_tree(r.root) t JOIN pg_class l ON l.oid = t.relid JOIN pg_namespace ln ON ln.oid = l.relnamespace
         WHERE t.isleaf AND t.level > 0 AND l.relkind = 'r'
           AND t.relid NOT IN (SELECT m.leaf FROM doris_cdc.partition_members m WHERE m.root = r.root)
      LOOP
        INSERT INTO doris_cdc.partition_changes (op, root_schema, root_name, leaf_schema, leaf_name)
          VALUES ('attach', r.root_schema, r.root_name, added.leaf_schema, added.leaf_name);
        moved := true;
      END LOOP;
    END IF;
    DELETE FROM doris_cdc.partition_members m WHERE m.root = r.root;
    INSERT INTO doris_cdc.partition_members (root, leaf, leaf_ident)
      SELECT r.root, t.relid, t.relid::regclass::text FROM pg_partition_tree(r.root) t WHERE t.isleaf AND t.level > 0;
    -- leaves created or attached get the TRUNCATE trigger (a leaf the schema's owner may not change is reported by the pipeline)
    PERFORM doris_cdc.follow_truncates(r.root);
  END LOOP;
  -- PostgreSQL 14's walsender keeps whether to publish a relation, and as which one, until a
  -- publication changes (pgoutput's relation invalidation callback only resets the schema sent):
  -- after an ATTACH it would go on skipping the attached table's changes, after a DETACH go on
  -- publishing the detached table's as the root's. Rewriting the pipelines' publications (a
  -- no-op SET) in this transaction makes every walsender decoding past it look again.
  IF moved AND current_setting('server_version_num')::int < 150000 THEN
    FOR pub IN SELECT p.pubname, p.pubviaroot FROM pg_publication p
                WHERE p.pubname IN (SELECT pl.publication FROM doris_cdc.pipelines pl) AND pg_has_role(p.pubowner, 'USAGE')
    LOOP
      EXECUTE format('ALTER PUBLICATION %I SET (publish_via_partition_root = %s)', pub.pubname,
                     CASE WHEN pub.pubviaroot THEN 'true' ELSE 'false' END);
    END LOOP;
  END IF;
END
$fn$;
REVOKE ALL ON FUNCTION doris_cdc.follow_partitions() FROM PUBLIC;

DO $do$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'doris_cdc_partitions_start') THEN
      CREATE EVENT TRIGGER doris_cdc_partitions_start ON ddl_command_start EXECUTE FUNCTION doris_cdc.follow_partitions();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'doris_cdc_partitions_end') THEN
      CREATE EVENT TRIGGER doris_cdc_partitions_end ON ddl_command_end EXECUTE FUNCTION doris_cdc.follow_partitions();
    END IF;
  END IF;
END
$do$;
