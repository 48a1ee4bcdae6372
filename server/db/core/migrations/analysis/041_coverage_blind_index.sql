-- Blind-spot polygons are a map layer read by box like every other geometry: a GiST index, as on every geometry
-- column (test/integration/migrate.test.ts holds every table to it).
CREATE INDEX IF NOT EXISTS grid_camera_coverage_blind_geom_idx ON grid_camera_coverage USING gist (blind_geom);
