/**
 * The response units in the server's memory (unit-set.ts), kept current from the change log, so that a
 * recommendation asks the database one question (its incident) instead of three (incident, KNN per type, the
 * candidates' peers). Assignment stays in the database (assignment-ops.ts locks the unit and decides).
 *
 * Freshness: a recommendation reads the log's head seq in the same statement as its incident and asks for the units
 * `at(head)`: answered from memory when the index has read the log that far, otherwise after one catch-up read of
 * the units' records since (shared by concurrent callers). So a recommendation sees every write committed before it
 * read its incident — a unit just sent is never offered again by the next question, in any process.
 * Between questions the index reads ahead by itself: it LISTENs on the change channel and reads on each NOTIFY
 * (one read at a time), so a question usually finds it current.
 *
 *   load      every unit with whether it is on an open assignment, and the head, in one statement (one snapshot)
 *   catch up  the latest record of each unit changed since (DISTINCT ON), with the same flag, and the head; a log
 *             pruned past the index's seq, or more changed units than the index holds, loads again instead
 * Started lazily by the first question (the tables exist by then); a failed read fails that question, as any failed
 * database read would, and the next question reads again.
 */
import type { Database } from '../../core/database.ts';
import { CHANGE_CHANNEL, HEAD_SEQ_SQL } from '../../live/changes-repository.ts';
import { UnitSet, type IndexedUnit } from './unit-set.ts';

export interface UnitIndex {
  /** The units as of at least change-log seq `seq` (a head read with the question's other rows). */
  at(seq: number): Promise<UnitSet>;
  /** The highest seq the index has read (-1 before its first load). */
  readonly seq: number;
  stop(): Promise<void>;
}

type UnitRow = Omit<IndexedUnit, 'busy' | 'lon' | 'lat' | 'version'> & { version: number | string; lon: number; lat: number; busy: boolean };

const OPEN_ASSIGNMENT = (unitId: string) => `EXISTS (SELECT 1 FROM incident_assignments a WHERE a.unit_id = ${unitId} AND a.released_at IS NULL)`;

const LOAD_SQL = `
  SELECT h.head, u.id, u.name, u.callsign, u.type, u.status, u.version, u.district_code, u.street_code, u.community_code,
         ST_X(u.geom) AS lon, ST_Y(u.geom) AS lat, ${OPEN_ASSIGNMENT('u.id')} AS busy
  FROM (SELECT ${HEAD_SEQ_SQL} AS head) h LEFT JOIN units u ON u.geom IS NOT NULL`;

/** $1: the index's seq. The row with a null id carries only the head and the pruned bound; the others, one unit each. */
const CATCH_UP_SQL = `
  WITH h AS (SELECT ${HEAD_SEQ_SQL} AS head, (SELECT pruned_through FROM change_log_state) AS pruned),
  latest AS (
    SELECT DISTINCT ON (c.feature_id) c.feature_id, c.op, c.row_data, c.geometry
    FROM change_log c, h WHERE c.layer = 'units' AND c.seq > $1 AND c.seq <= h.head
    ORDER BY c.feature_id, c.seq DESC)
  SELECT h.head, h.pruned, NULL AS id, NULL AS op, NULL::jsonb AS row_data, NULL::jsonb AS geometry, NULL::boolean AS busy FROM h
  UNION ALL
  SELECT NULL, NULL, l.feature_id, l.op, l.row_data, l.geometry, ${OPEN_ASSIGNMENT('l.feature_id')} FROM latest l`;

type CatchUpRow = {
  head: string | number | null;
  pruned: string | number | null;
  id: string | null;
  op: 'upsert' | 'delete' | null;
  row_data: Record<string, unknown> | null;
  geometry: { type: string; coordinates?: unknown } | null;
  busy: boolean | null;
};

const text = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));

function fromRow(r: UnitRow): IndexedUnit {
  return { ...r, version: Number(r.version), lon: Number(r.lon), lat: Number(r.lat), busy: Boolean(r.busy) };
}

/** A unit as its change record carries it (the row without geometry, and the geometry as GeoJSON); null when unusable. */
export function unitFromChange(id: string, row: Record<string, unknown>, geometry: CatchUpRow['geometry'], busy: boolean): IndexedUnit | null {
  const xy = geometry?.type === 'Point' && Array.isArray(geometry.coordinates) ? (geometry.coordinates as unknown[]).map(Number) : null;
  if (!xy || xy.length < 2 || !Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) return null;
  return {
    id, name: text(row.name) ?? id, callsign: text(row.callsign), type: text(row.type) ?? '', status: text(row.status) ?? '',
    version: Number(row.version ?? 0), district_code: text(row.district_code) ?? '', street_code: text(row.street_code),
    community_code: text(row.community_code), lon: xy[0]!, lat: xy[1]!, busy,
  };
}

export function createUnitIndex(db: Database): UnitIndex {
  let set: UnitSet | null = null;
  let readThrough = -1;
  let reading: Promise<void> | undefined;
  let again = false;
  let stopListening: Promise<(() => Promise<void>) | undefined> | undefined;
  let stopped = false;

  const load = async () => {
    const { rows } = await db.query<UnitRow & { head: string | number }>(LOAD_SQL);
    const next = new UnitSet(rows.filter((r) => r.id !== null).map(fromRow));
    set = next;
    readThrough = Number(rows[0]?.head ?? 0);
  };

  const catchUp = async (current: UnitSet) => {
    const { rows } = await db.query<CatchUpRow>(CATCH_UP_SQL, [readThrough]);
    const head = rows.find((r) => r.id === null);
    if (Number(head?.pruned ?? 0) > readThrough || rows.length - 1 > current.size + 64) return load();
    for (const r of rows) {
      if (r.id === null) continue;
      const unit = r.op === 'upsert' && r.row_data ? unitFromChange(r.id, r.row_data, r.geometry, Boolean(r.busy)) : null;
      if (unit) current.put(unit);
      else current.remove(r.id);
    }
    readThrough = Math.max(readThrough, Number(head?.head ?? readThrough));
  };

  /** One read at a time; a call while one runs makes one more after it. */
  const read = (): Promise<void> => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      try {
        do {
          again = false;
          await (set ? catchUp(set) : load());
        } while (again && !stopped);
      } finally {
        reading = undefined;
      }
    })();
    return reading;
  };

  const listen = () => {
    stopListening ??= db
      .listen(
        CHANGE_CHANNEL,
        (payload) => {
          if (set && Number(payload) > readThrough) read().catch(() => undefined); // the next question retries
        },
        () => {
          set = null; // anything may have been missed while the connection was down
          read().catch(() => undefined);
        },
      )
      .catch(() => undefined); // without NOTIFY every question catches up by itself
  };

  return {
    get seq() {
      return readThrough;
    },
    async at(seq) {
      listen();
      while (!set || readThrough < seq) await read();
      return set;
    },
    async stop() {
      stopped = true;
      const stop = await stopListening;
      await stop?.();
    },
  };
}
