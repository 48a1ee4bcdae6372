-- The version of the grids' centres and populations, which recommendations keep in memory (the coverage cost of a
-- unit's departure counts the grids around it: server/db/dispatch/grid-centres.ts). Any statement that inserts,
-- deletes or truncates grids, or updates their geometry, population or code, bumps it; a recommendation reads it in
-- the same round trip as its incident and reloads the centres when it moved. Risk grading (which writes only the
-- risk columns) leaves it alone.
CREATE TABLE IF NOT EXISTS data_versions (
  name    text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0
);
INSERT INTO data_versions (name) VALUES ('grid_centres') ON CONFLICT (name) DO NOTHING;

CREATE OR REPLACE FUNCTION bump_grid_centres_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE name = 'grid_centres';
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS grids_centres_version ON grids;
CREATE TRIGGER grids_centres_version AFTER INSERT OR DELETE OR UPDATE OF geom, population, code ON grids
  FOR EACH STATEMENT EXECUTE FUNCTION bump_grid_centres_version();
DROP TRIGGER IF EXISTS grids_centres_version_truncate ON grids;
CREATE TRIGGER grids_centres_version_truncate AFTER TRUNCATE ON grids
  FOR EACH STATEMENT EXECUTE FUNCTION bump_grid_centres_version();
