-- Spatial risk analysis (issue 12): additions to the contract of migration 035, never changes to it.
--   warnings       labels beside the codes (house rule), the cause a warning stands for (no second active warning
--                  for one cause), a row version bumped by trigger, and the live feed ('warnings' collection).
--   grid_camera_coverage  the latest camera coverage per grid (share seen, blind-spot polygon), refreshed by the
--                  coverage job and read by the risk model.
--   risk_runs      one row per grading run: model version, when, how many grids, how many changed.
--   analysis_camera_sector()  a camera's field of view as a polygon (position, compass direction, fov, range).

ALTER TABLE warnings
  ADD COLUMN level_label  text,
  ADD COLUMN kind_label   text,
  ADD COLUMN status_label text,
  ADD COLUMN cause_key    text,
  ADD COLUMN note         text;
CREATE UNIQUE INDEX warnings_active_cause_idx ON warnings (cause_key) WHERE status <> 'LIFTED';
CREATE INDEX warnings_raised_idx ON warnings (raised_at DESC);
CREATE TRIGGER warnings_version BEFORE INSERT OR UPDATE ON warnings FOR EACH ROW EXECUTE FUNCTION bump_row_version();
CREATE TRIGGER warnings_live AFTER INSERT OR UPDATE OR DELETE ON warnings FOR EACH ROW EXECUTE FUNCTION live_capture('warnings', 'id');

-- Human-readable warning ids: YJ + yyyymmdd (China time) + a serial.
CREATE SEQUENCE warnings_serial AS bigint;

CREATE TABLE grid_camera_coverage (
  grid_code    text PRIMARY KEY REFERENCES grids (code) ON DELETE CASCADE,
  area_m2      double precision NOT NULL,
  seen_m2      double precision NOT NULL,
  seen_share   double precision NOT NULL CHECK (seen_share BETWEEN 0 AND 1),
  cameras      integer NOT NULL,
  blind_geom   geometry(MultiPolygon, 4326),
  computed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE risk_runs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model_version text NOT NULL,
  scope         text NOT NULL,
  trigger       text NOT NULL CHECK (trigger IN ('schedule', 'request', 'startup')),
  requested_by  text,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz,
  grids         integer NOT NULL DEFAULT 0,
  changed       integer NOT NULL DEFAULT 0,
  warnings      integer NOT NULL DEFAULT 0,
  error         text
);

-- A camera's sector: the centre, then the arc from direction − fov/2 to direction + fov/2 (compass degrees,
-- clockwise from north), `segments` per full circle; a fov of 360° is the circle itself. Metres become degrees on
-- the sphere at the camera's latitude (exact to < 0.1 % over a few hundred metres).
CREATE FUNCTION analysis_camera_sector(p geometry, direction double precision, fov double precision, range_m double precision, segments integer)
RETURNS geometry LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ST_MakePolygon(ST_MakeLine(CASE WHEN f.whole THEN f.arc || f.arc[1] ELSE ARRAY[p] || f.arc || ARRAY[p] END))
  FROM (
    SELECT a.whole, array_agg(ST_SetSRID(ST_MakePoint(
             ST_X(p) + degrees(range_m * sin(radians(a.bearing)) / (6371008.8 * cos(radians(ST_Y(p))))),
             ST_Y(p) + degrees(range_m * cos(radians(a.bearing)) / 6371008.8)), 4326) ORDER BY a.k) AS arc
    FROM (
      SELECT n.whole, k, CASE WHEN n.whole THEN 360.0 * k / n.steps ELSE direction - fov / 2 + fov * k / n.steps END AS bearing
      FROM (SELECT fov >= 360 AS whole, greatest(2, ceil(segments * least(fov, 360) / 360.0))::integer AS steps) n
      CROSS JOIN LATERAL generate_series(0, n.steps - CASE WHEN n.whole THEN 1 ELSE 0 END) AS k
    ) a
    GROUP BY a.whole
  ) f
$$;
