-- Geometry validity of the polygon tables (issue 9 §2, docs/security.md "Geometry").
--
-- The write path refuses invalid geometry (server/db/features/features-geometry.ts), but a row can still arrive
-- invalid by other roads (a restore, a bulk load, hand-written SQL, rows stored before this fix). One such row
-- used to turn every grid tile and bbox query that met it into a 500 (GEOS cannot even read an unclosed ring).
--
-- 1. `geom_valid`: ST_IsValid(geom), computed by the database on every insert and update, whoever writes (a
--    generated column cannot be bypassed). Reads (tiles, bbox queries) use the stored geometry when it is true
--    and ST_MakeValid(geom) only when it is false, so a valid row costs a boolean, not a GEOS validity test.
-- 2. Rows already invalid are repaired once here, to the polygonal part of ST_MakeValid (which also closes an
--    unclosed ring). A row that would be left with no area keeps its geometry (the reads drop what makes no
--    polygon) and the startup check logs it.
ALTER TABLE grids ADD COLUMN geom_valid boolean GENERATED ALWAYS AS (ST_IsValid(geom)) STORED;
ALTER TABLE admin_units ADD COLUMN geom_valid boolean GENERATED ALWAYS AS (ST_IsValid(geom)) STORED;

CREATE INDEX grids_invalid_geom_idx ON grids (code) WHERE geom_valid IS NOT TRUE;
CREATE INDEX admin_units_invalid_geom_idx ON admin_units (code) WHERE geom_valid IS NOT TRUE;

UPDATE grids SET geom = r.geom, updated_at = now()
FROM (SELECT code, ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) AS geom FROM grids WHERE geom_valid IS NOT TRUE) r
WHERE grids.code = r.code AND NOT ST_IsEmpty(r.geom);

UPDATE admin_units SET geom = r.geom, updated_at = now()
FROM (SELECT code, ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) AS geom FROM admin_units WHERE geom_valid IS NOT TRUE) r
WHERE admin_units.code = r.code AND NOT ST_IsEmpty(r.geom);
