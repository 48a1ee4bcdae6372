-- The live change log (docs/live.md). Every insert, update or delete on a live layer appends a record,
-- whoever writes it (the API, the simulator, or any other system running SQL), and the commit wakes
-- the servers with NOTIFY live_changes '<highest seq>'.
--
-- Gap safety. Readers page through the log by `seq`; they must never skip a record that becomes visible
-- later with a smaller seq. So `seq` is NOT taken when the row is written (concurrent transactions would
-- commit out of seq order) but at commit time: a deferred constraint trigger takes a transaction-level
-- advisory lock and numbers the transaction's records. The lock is held until the transaction's commit is
-- visible, so seq order is commit order and every reader sees a gap-free prefix. Only the numbering step is
-- serialised, not the writers' transactions.
--
-- The dataset loader turns capture off for its bulk transactions: SET LOCAL pingan.capture = 'off'.

CREATE SEQUENCE change_log_seq AS bigint;

CREATE TABLE change_log (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- write order inside the transaction
  seq          bigint UNIQUE,                                   -- commit order; NULL only before commit
  layer        text NOT NULL,                                   -- OGC collection id
  op           text NOT NULL CHECK (op IN ('upsert', 'delete')),
  feature_id   text NOT NULL,
  row_data     jsonb,                                           -- the new row without geometry (upserts)
  geometry     jsonb,                                           -- the new geometry as the OGC API writes it (upserts)
  old_bbox     double precision[],                              -- [minx, miny, maxx, maxy] of the previous geometry
  written_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  committed_at timestamptz
);
CREATE INDEX change_log_unnumbered_idx ON change_log (id) WHERE seq IS NULL;
CREATE INDEX change_log_committed_idx ON change_log (committed_at);

-- How far retention has pruned: a client whose last seq is below this must resync from a snapshot.
CREATE TABLE change_log_state (
  singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  pruned_through bigint NOT NULL DEFAULT 0
);
INSERT INTO change_log_state DEFAULT VALUES;

-- Row trigger: one function for every live table. TG_ARGV[0] = layer (collection id), TG_ARGV[1] = id column.
CREATE FUNCTION live_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  layer  text := TG_ARGV[0];
  id_col text := TG_ARGV[1];
  new_j  jsonb;
  old_j  jsonb;
  bbox   double precision[];
BEGIN
  IF current_setting('pingan.capture', true) = 'off' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    old_j := to_jsonb(OLD);
    IF OLD.geom IS NOT NULL THEN
      bbox := ARRAY[ST_XMin(OLD.geom), ST_YMin(OLD.geom), ST_XMax(OLD.geom), ST_YMax(OLD.geom)];
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_j := to_jsonb(NEW);
    IF TG_OP = 'UPDATE' AND new_j = old_j THEN
      RETURN NULL; -- nothing changed
    END IF;
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND new_j ->> id_col IS DISTINCT FROM old_j ->> id_col) THEN
    INSERT INTO change_log (layer, op, feature_id, old_bbox) VALUES (layer, 'delete', old_j ->> id_col, bbox);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO change_log (layer, op, feature_id, row_data, geometry, old_bbox)
    VALUES (layer, 'upsert', new_j ->> id_col, new_j - 'geom', ST_AsGeoJSON(ST_ForcePolygonCCW(NEW.geom), 7)::jsonb, bbox);
  END IF;
  RETURN NULL;
END
$$;

-- Deferred to commit: number this transaction's records under the append lock, then NOTIFY once per
-- transaction with the highest seq (payloads are small; readers fetch records from the log).
CREATE FUNCTION live_number_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM change_log WHERE seq IS NULL) THEN
    RETURN NULL; -- already numbered by an earlier firing in this transaction
  END IF;
  PERFORM pg_advisory_xact_lock(410500003);
  WITH pending AS (
    SELECT id, nextval('change_log_seq') AS seq
    FROM (SELECT id FROM change_log WHERE seq IS NULL ORDER BY id) o
  )
  UPDATE change_log c SET seq = p.seq, committed_at = clock_timestamp()
  FROM pending p WHERE c.id = p.id;
  PERFORM pg_notify('live_changes', currval('change_log_seq')::text);
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER change_log_number
  AFTER INSERT ON change_log
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION live_number_changes();

-- Attach capture to the live tables. A new live table joins with one line here (in a new migration):
--   CREATE TRIGGER <table>_live AFTER INSERT OR UPDATE OR DELETE ON <table>
--     FOR EACH ROW EXECUTE FUNCTION live_capture('<collection id>', '<id column>');
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('incidents', 'incidents', 'id'),
    ('units', 'units', 'id'),
    ('cameras', 'cameras', 'id'),
    ('checkpoints', 'checkpoints', 'id'),
    ('fire_hazards', 'fire-hazards', 'id'),
    ('rental_housing', 'rental-housing', 'id'),
    ('grids', 'grids', 'code')
  ) AS v (tbl, layer, id_col)
  LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION live_capture(%L, %L)',
      t.tbl || '_live', t.tbl, t.layer, t.id_col);
  END LOOP;
END
$$;
