-- Risk grading and early warnings (issue 12; read by the wall's KPIs, issue 13). This migration is the shared
-- contract: the analysis module writes these columns and rows, the KPI module counts them.
--   grids.risk_*   the latest grading of each grid: level (protocol/codes.ts RISK_LEVEL without NONE), score,
--                  factor -> contribution, the model version that made it and when.
--   warnings       early warnings (protocol/codes.ts WARNING_LEVEL / WARNING_STATUS / WARNING_KIND), placed in
--                  the admin hierarchy like every other row so jurisdiction scoping applies.
ALTER TABLE grids
  ADD COLUMN risk_level text CHECK (risk_level IN ('MAJOR', 'LARGER', 'GENERAL', 'LOW')),
  ADD COLUMN risk_score double precision,
  ADD COLUMN risk_factors jsonb,
  ADD COLUMN risk_model_version text,
  ADD COLUMN risk_computed_at timestamptz;
CREATE INDEX grids_risk_level_idx ON grids (risk_level);

CREATE TABLE warnings (
  id              text PRIMARY KEY,
  level           smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
  kind            text NOT NULL CHECK (kind IN ('RISK_RISE', 'HOTSPOT', 'COVERAGE')),
  status          text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'ACKNOWLEDGED', 'LIFTED')),
  title           text NOT NULL,
  reason          text NOT NULL,
  evidence        jsonb NOT NULL DEFAULT '{}'::jsonb,
  district_code   text NOT NULL,
  street_code     text,
  community_code  text,
  grid_code       text,
  geom            geometry(Geometry, 4326) NOT NULL,
  raised_at       timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  acknowledged_by text,
  lifted_at       timestamptz,
  lifted_by       text,
  version         integer NOT NULL DEFAULT 1,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX warnings_geom_idx ON warnings USING gist (geom);
CREATE INDEX warnings_open_idx ON warnings (district_code) WHERE status <> 'LIFTED';
