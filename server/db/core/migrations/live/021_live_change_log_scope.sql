-- Jurisdiction on the live feed (docs/security.md): a district user must never receive another district's
-- changes, and must learn when a feature leaves its area. An upsert carries the new row (with its admin codes);
-- a delete, or a move across a boundary, needs the codes the row had BEFORE. Keep just those: the row's own
-- code (admin units, grids) and its district / street / community / grid codes — a few bytes per change.
ALTER TABLE change_log ADD COLUMN old_codes jsonb;

CREATE OR REPLACE FUNCTION live_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  layer  text := TG_ARGV[0];
  id_col text := TG_ARGV[1];
  new_j  jsonb;
  old_j  jsonb;
  codes  jsonb;
  bbox   double precision[];
BEGIN
  IF current_setting('pingan.capture', true) = 'off' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    old_j := to_jsonb(OLD);
    codes := jsonb_strip_nulls(jsonb_build_object(
      'code', old_j -> 'code', 'district_code', old_j -> 'district_code', 'street_code', old_j -> 'street_code',
      'community_code', old_j -> 'community_code', 'grid_code', old_j -> 'grid_code'));
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
    INSERT INTO change_log (layer, op, feature_id, old_bbox, old_codes) VALUES (layer, 'delete', old_j ->> id_col, bbox, codes);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO change_log (layer, op, feature_id, row_data, geometry, old_bbox, old_codes)
    VALUES (layer, 'upsert', new_j ->> id_col, new_j - 'geom', ST_AsGeoJSON(ST_ForcePolygonCCW(NEW.geom), 7)::jsonb, bbox, codes);
  END IF;
  RETURN NULL;
END
$$;
