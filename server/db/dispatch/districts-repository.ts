/**
 * Which districts border which (跨区增援: a city dispatcher may send a neighbouring district's unit). Computed once
 * from the district polygons into district_neighbours (migration 036) the first time it is asked, then read from
 * there; two districts border each other when their boundaries come within ~100 m (the real boundary data has
 * slivers and gaps along shared borders).
 */
import type { Queryable } from '../core/database.ts';

const TOLERANCE_DEG = 0.001;

async function fill(q: Queryable): Promise<void> {
  await q.query(
    `INSERT INTO district_neighbours (code, neighbour)
     SELECT a.code, b.code FROM admin_units a JOIN admin_units b ON b.level = 2 AND b.code <> a.code AND ST_DWithin(a.geom, b.geom, $1)
     WHERE a.level = 2
     ON CONFLICT DO NOTHING`,
    [TOLERANCE_DEG],
  );
}

/** The districts bordering `district` (codes, sorted). */
export async function neighbourDistricts(q: Queryable, district: string): Promise<string[]> {
  const read = () => q.query<{ neighbour: string }>('SELECT neighbour FROM district_neighbours WHERE code = $1 ORDER BY neighbour', [district]);
  let { rows } = await read();
  if (!rows.length) {
    const { rows: any } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM district_neighbours');
    if (any[0]!.n === 0) {
      await fill(q);
      ({ rows } = await read());
    }
  }
  return rows.map((r) => r.neighbour);
}

/** Per database: each district's neighbours (the borders never change while the product runs). */
const neighbourMaps = new WeakMap<Queryable, Promise<Map<string, string[]>>>();

/**
 * Every district's neighbours (codes, sorted), asked once per database (filled first when empty; a failed read is
 * asked again next time): a recommendation needs them each time and they never change.
 */
export function districtNeighbours(q: Queryable): Promise<Map<string, string[]>> {
  let cached = neighbourMaps.get(q);
  if (!cached) {
    cached = (async () => {
      const read = () => q.query<{ code: string; neighbour: string }>('SELECT code, neighbour FROM district_neighbours ORDER BY code, neighbour');
      let { rows } = await read();
      if (!rows.length) {
        await fill(q);
        ({ rows } = await read());
      }
      const map = new Map<string, string[]>();
      for (const r of rows) map.set(r.code, [...(map.get(r.code) ?? []), r.neighbour]);
      return map;
    })();
    cached.catch(() => neighbourMaps.delete(q));
    neighbourMaps.set(q, cached);
  }
  return cached;
}

/** Per database: the districts' names by code (nine rows that never change while the product runs). */
const names = new WeakMap<Queryable, Promise<Map<string, string>>>();

/** The districts' names by code, asked once per database (a failed read is asked again next time). */
export function districtNames(q: Queryable): Promise<Map<string, string>> {
  let cached = names.get(q);
  if (!cached) {
    cached = q.query<{ code: string; name: string }>('SELECT code, name FROM admin_units WHERE level = 2').then((r) => new Map(r.rows.map((row) => [row.code, row.name])));
    cached.catch(() => names.delete(q));
    names.set(q, cached);
  }
  return cached;
}
