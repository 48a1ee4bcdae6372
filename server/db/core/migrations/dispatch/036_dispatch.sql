-- Dispatch (issue 11; docs/api.md "Dispatch"; the rules are server/domain/dispatch/, the SQL server/db/dispatch/).
--
-- 1. incident_assignments: several units per incident, unassign and reassign, history kept (a released row stays,
--    with released_at and why). One open assignment per unit, enforced by a partial unique index: whatever races,
--    no unit is ever on two incidents at once. `reinforcement` marks a unit sent across a district border (跨区增援),
--    with the district it came from. incidents.assigned_unit_id stays as the primary unit (the earliest open
--    assignment), kept in the same transaction by the dispatch repository.
-- 2. incidents.timer_light: the light (GREEN / YELLOW / RED, null once ended) as last computed. A periodic UPDATE
--    (server/services/dispatch/timer-light-scheduler.ts) rewrites only the rows whose light changed because time
--    passed, so the change feed pushes exactly those. Changing only the light does not bump the row version: a
--    dispatcher's pending command is not refused because a clock ticked.
-- 3. The flow log records whether a step sent a unit across a district border (4, 5 below: district neighbours, grid centres).

CREATE TABLE incident_assignments (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id    text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  unit_id        text NOT NULL REFERENCES units (id) ON DELETE CASCADE,
  unit_type      text NOT NULL,
  assigned_at    timestamptz NOT NULL,
  assigned_by    text NOT NULL,
  assigned_by_id text,
  reinforcement  boolean NOT NULL DEFAULT false,
  from_district  text,
  released_at    timestamptz,
  released_by    text,
  release_reason text CHECK (release_reason IN ('UNASSIGNED', 'REASSIGNED', 'RETURNED', 'DISPOSED', 'SUSPENDED', 'ENDED')),
  CHECK ((released_at IS NULL) = (release_reason IS NULL))
);
CREATE UNIQUE INDEX incident_assignments_one_open_per_unit ON incident_assignments (unit_id) WHERE released_at IS NULL;
CREATE INDEX incident_assignments_incident_idx ON incident_assignments (incident_id, assigned_at);

ALTER TABLE incidents ADD COLUMN timer_light text CHECK (timer_light IN ('GREEN', 'YELLOW', 'RED'));
-- The scheduler's scan: open incidents (few) by status; ended ones that still carry a light (none, normally).
CREATE INDEX incidents_timer_light_idx ON incidents (timer_light) WHERE timer_light IS NOT NULL;

ALTER TABLE incident_flow_log ADD COLUMN reinforcement boolean NOT NULL DEFAULT false;

-- The row version of an incident ignores timer_light.
CREATE OR REPLACE FUNCTION bump_row_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.version := 1;
    RETURN NEW;
  END IF;
  NEW.version := OLD.version;
  IF NEW IS DISTINCT FROM OLD THEN
    IF TG_TABLE_NAME <> 'incidents' OR (to_jsonb(NEW) - 'timer_light') IS DISTINCT FROM (to_jsonb(OLD) - 'timer_light') THEN
      NEW.version := OLD.version + 1;
    END IF;
  END IF;
  RETURN NEW;
END
$$;

-- 4. Districts that border each other (跨区增援), filled from the district polygons on first use
--    (server/db/dispatch/districts-repository.ts).
CREATE TABLE district_neighbours (
  code      text NOT NULL,
  neighbour text NOT NULL,
  PRIMARY KEY (code, neighbour)
);

-- 5. Grid centres for coverage (the grids a unit's departure leaves uncovered): an expression index, so nothing
--    has to keep a copy in step with the grids.
CREATE INDEX grids_centroid_idx ON grids USING gist (ST_Centroid(geom));
