-- Jurisdiction (issue 9 §3): a feature's admin codes nest — its street lies inside its district, its community
-- inside its street, its grid inside its community — so that every path's rule (the code at the scope's level,
-- server/auth/jurisdiction.ts inJurisdiction and its SQL form scopeWhere) names the same unit as "the most
-- specific code". Writes derive the codes from the geometry (server/db/features/admin-codes.ts); this migration
-- repairs existing rows whose codes do not nest and then holds the rule with a CHECK constraint per table.
--  - layers placed by geometry: a row that breaks the rule takes the codes of the community that holds its
--    geometry (the same choice as admin-codes.ts: containing community, lowest code on an edge, else nearest;
--    polygons by largest overlap) and the comprehensive grid of that community holding it;
--  - units (placed by organisation): finer codes that do not nest are cleared.
-- Columns are looked up, so the migration holds for whichever of street/community/grid codes a table has.
DO $$
DECLARE
  t record;
  has_street boolean;
  has_community boolean;
  has_grid boolean;
  rule text;
  community text;
  broken boolean;
BEGIN
  FOR t IN SELECT * FROM (VALUES
      ('grids', 'geometry'), ('cameras', 'geometry'), ('checkpoints', 'geometry'), ('fire_hazards', 'geometry'),
      ('rental_housing', 'geometry'), ('incidents', 'geometry'), ('key_places', 'geometry'), ('depots', 'geometry'),
      ('units', 'organisation')) AS v (tbl, placement)
  LOOP
    SELECT bool_or(column_name = 'street_code'), bool_or(column_name = 'community_code'), bool_or(column_name = 'grid_code')
      INTO has_street, has_community, has_grid
      FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = t.tbl;
    rule := 'true';
    IF has_street THEN rule := rule || ' AND (street_code IS NULL OR left(street_code, 6) = district_code)'; END IF;
    IF has_community THEN
      rule := rule || ' AND (community_code IS NULL OR left(community_code, 9) IS NOT DISTINCT FROM '
        || CASE WHEN has_street THEN 'street_code' ELSE 'NULL' END || ')';
    END IF;
    IF has_grid THEN
      rule := rule || ' AND (grid_code IS NULL OR left(grid_code, 12) IS NOT DISTINCT FROM '
        || CASE WHEN has_community THEN 'community_code' ELSE 'NULL' END || ')';
    END IF;
    IF rule = 'true' THEN CONTINUE; END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE NOT (%s))', t.tbl, rule) INTO broken;

    IF NOT broken THEN
      NULL;
    ELSIF t.placement = 'geometry' THEN
      community := format($c$COALESCE(
          (SELECT a.code FROM admin_units a WHERE a.level = 4 AND ST_Intersects(a.geom, x.geom)
            ORDER BY %s LIMIT 1),
          (SELECT a.code FROM admin_units a WHERE a.level = 4 ORDER BY a.geom <-> x.geom, a.code LIMIT 1))$c$,
        CASE WHEN t.tbl = 'grids' THEN 'ST_Area(ST_Intersection(a.geom, x.geom)) DESC, a.code' ELSE 'a.code' END);
      EXECUTE format(
        'UPDATE %I x SET district_code = left(f.c, 6)%s%s%s FROM (SELECT ctid AS row_id, %s AS c FROM %I x WHERE NOT (%s)) f
         WHERE x.ctid = f.row_id AND f.c IS NOT NULL',
        t.tbl,
        CASE WHEN has_street THEN ', street_code = left(f.c, 9)' ELSE '' END,
        CASE WHEN has_community THEN ', community_code = f.c' ELSE '' END,
        CASE WHEN has_grid THEN ', grid_code = (SELECT gr.code FROM grids gr WHERE gr.community_code = f.c AND ST_Intersects(gr.geom, x.geom)
            ORDER BY (gr.type = ''COMPREHENSIVE'') DESC, gr.code LIMIT 1)' ELSE '' END,
        community, t.tbl, rule);
    ELSE
      IF has_street THEN EXECUTE format('UPDATE %I SET street_code = NULL WHERE left(street_code, 6) <> district_code', t.tbl); END IF;
      IF has_community THEN
        EXECUTE format('UPDATE %I SET community_code = NULL WHERE community_code IS NOT NULL AND left(community_code, 9) IS DISTINCT FROM %s',
          t.tbl, CASE WHEN has_street THEN 'street_code' ELSE 'NULL' END);
      END IF;
      IF has_grid THEN
        EXECUTE format('UPDATE %I SET grid_code = NULL WHERE grid_code IS NOT NULL AND left(grid_code, 12) IS DISTINCT FROM %s',
          t.tbl, CASE WHEN has_community THEN 'community_code' ELSE 'NULL' END);
      END IF;
    END IF;
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (%s)', t.tbl, t.tbl || '_codes_nest', rule);
  END LOOP;
END
$$;
