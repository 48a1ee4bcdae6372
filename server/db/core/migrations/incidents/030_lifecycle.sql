-- One lifecycle, one way to change an incident or a unit (server/domain/incidents/lifecycle.ts, docs/api.md
-- "Incident transitions").
--
-- 1. A row version on incidents and units: 1 when inserted, +1 on every update that changes the row, whoever
--    writes (the trigger sets it, a writer cannot). A command names the version it saw; a stale one is refused (409 VERSION_CONFLICT).
-- 2. incidents.status can only hold a code of INCIDENT_STATUS (server/protocol/codes.ts; a unit test compares
--    this list with the code list).
-- 3. Units get street and community codes, so street- and community-scoped users see the units of their area
--    (the units layer scopes by district, street and community: server/db/features/layer-sources.ts). Existing
--    units take them from where they stand, inside their own district; a unit outside its district keeps only the
--    district (a street user does not see it, its district does).
-- 4. The flow log records who acted by id as well as by name, and the unit an action sent or released.

-- The backfill below is not a live change: clients load the codes with their next snapshot.
SET LOCAL pingan.capture = 'off';

ALTER TABLE units ADD COLUMN street_code text, ADD COLUMN community_code text;

UPDATE units u SET community_code = c.code, street_code = c.street_code
FROM admin_units c
WHERE c.level = 4 AND c.district_code = u.district_code AND ST_Intersects(c.geom, u.geom);

UPDATE units u SET street_code = s.code
FROM admin_units s
WHERE u.street_code IS NULL AND s.level = 3 AND s.district_code = u.district_code AND ST_Intersects(s.geom, u.geom);

CREATE INDEX units_scope_idx ON units (district_code, street_code, community_code);

ALTER TABLE incidents ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE units ADD COLUMN version integer NOT NULL DEFAULT 1;

-- An update that changes nothing (UPDATE … SET name = name) keeps its version, so it stays a no-op for the live
-- feed too (live_capture skips rows whose new and old values are equal).
CREATE FUNCTION bump_row_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.version := 1;
    RETURN NEW;
  END IF;
  NEW.version := OLD.version;
  IF NEW IS DISTINCT FROM OLD THEN
    NEW.version := OLD.version + 1;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER incidents_version BEFORE INSERT OR UPDATE ON incidents FOR EACH ROW EXECUTE FUNCTION bump_row_version();
CREATE TRIGGER units_version BEFORE INSERT OR UPDATE ON units FOR EACH ROW EXECUTE FUNCTION bump_row_version();

ALTER TABLE incidents ADD CONSTRAINT incidents_status_check CHECK (status IN (
  'REPORTED', 'ACCEPTED', 'DISPATCHED', 'PROCESSING', 'DISPOSED', 'CHECKING', 'CLOSED', 'EVALUATED',
  'REJECTED', 'VOID', 'SUSPENDED', 'SELF_RESOLVED'
));

ALTER TABLE incident_flow_log ADD COLUMN actor_id text, ADD COLUMN unit_id text;

-- The incident a unit works on (assignment checks and releases look it up).
CREATE INDEX incidents_assigned_unit_idx ON incidents (assigned_unit_id) WHERE assigned_unit_id IS NOT NULL;
