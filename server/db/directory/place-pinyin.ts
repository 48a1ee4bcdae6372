/**
 * Finding places by pinyin: `wenfeng`, `wenfengqu`, `wf`, `wfq` find 文峰区. Place names (districts, streets,
 * communities, grids, key places) are read once into memory with their pinyin (pinyin-pro, which reads
 * polyphones in context: 长春 → changchun) and initials precomputed, and read again in the background once
 * the index is older than `maxAgeMs` (places are rarely written). A query matches a name when it is a prefix of
 * the name's pinyin or initials, or starts at a syllable inside the name (`dongdajie` finds 文峰区东大街街道).
 */
import { pinyin } from 'pinyin-pro';
import type { Queryable } from '../core/database.ts';
import type { CollectionId } from '../../protocol/collections.ts';
import type { SearchHit } from '../../protocol/directory.ts';
import { scopePrefix } from '../../auth/jurisdiction.ts';

export interface PinyinEntry {
  hit: SearchHit;
  /** Admin codes that place the entry (jurisdiction): its own code for an admin unit, else the finest known. */
  place: string;
  /** Ordering among places: district 0, street 1, community 2, grid 3, key place 4. */
  tier: number;
  full: string;
  initials: string;
  /** Offsets in `full` where a syllable starts. */
  starts: number[];
}

/** The pinyin keys of a name: joined syllables, initials, syllable offsets. Latin letters and digits pass as they are. */
export function pinyinKeys(name: string): Pick<PinyinEntry, 'full' | 'initials' | 'starts'> {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  const starts: number[] = [];
  let full = '';
  for (const s of syllables) {
    starts.push(full.length);
    full += s;
  }
  return { full, initials: syllables.map((s) => s[0]).join(''), starts };
}

/** A typed query as pinyin: lower-case letters only (spaces and apostrophes dropped); null when it is not pinyin. */
export function pinyinQuery(q: string): string | null {
  const text = q.toLowerCase().replace(/[\s'’]+/g, '');
  return /^[a-z]{2,40}$/.test(text) ? text : null;
}

/** How well an entry matches (lower is better), or null: 0 pinyin prefix, 1 initials prefix, 2 inside the name. */
export function pinyinRank(e: Pick<PinyinEntry, 'full' | 'initials' | 'starts'>, q: string): number | null {
  if (e.full.startsWith(q)) return 0;
  if (e.initials.startsWith(q)) return 1;
  for (const at of e.starts) if (at > 0 && e.full.startsWith(q, at)) return 2;
  if (q.length >= 2 && e.initials.includes(q)) return 2;
  return null;
}

const PLACES_SQL = `
SELECT CASE level WHEN 2 THEN 'districts' WHEN 3 THEN 'streets' ELSE 'communities' END AS collection, code AS id, name,
       level_label AS kind, code AS place, level - 2 AS tier,
       (SELECT string_agg(p.name, ' · ' ORDER BY p.level) FROM admin_units p WHERE p.code IN (t.district_code, t.street_code) AND p.code <> t.code) AS area,
       ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1
  FROM admin_units t WHERE level >= 2
UNION ALL
SELECT 'grids', code, name, type_label, community_code, 3,
       (SELECT string_agg(p.name, ' · ' ORDER BY p.level) FROM admin_units p WHERE p.code IN (t.district_code, t.street_code, t.community_code)),
       ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)
  FROM grids t
UNION ALL
SELECT 'key-places', id, name, type_label || coalesce(' · ' || address, ''), coalesce(community_code, street_code, district_code), 4,
       (SELECT string_agg(p.name, ' · ' ORDER BY p.level) FROM admin_units p WHERE p.code IN (t.district_code, t.street_code)),
       ST_X(geom), ST_Y(geom), NULL, NULL
  FROM key_places t`;

type Row = { collection: CollectionId; id: string; name: string; kind: string; place: string; tier: number; area: string | null; x0: number; y0: number; x1: number | null; y1: number | null };

export async function loadPinyinEntries(db: Queryable): Promise<PinyinEntry[]> {
  const { rows } = await db.query<Row>(PLACES_SQL);
  return rows.map((r) => {
    const hit: SearchHit = { collection: r.collection, id: r.id, label: r.name, sublabel: r.kind, group: 'place', ...(r.area ? { area: r.area } : {}) };
    if (r.x1 === null || r.y1 === null) hit.point = [Number(r.x0), Number(r.y0)];
    else hit.bbox = [Number(r.x0), Number(r.y0), Number(r.x1), Number(r.y1)];
    return { hit, place: r.place, tier: Number(r.tier), ...pinyinKeys(r.name) };
  });
}

export interface PinyinIndex {
  /** Places matching a pinyin query inside the scope (an admin code; the city = all), best first. */
  find(db: Queryable, q: string, scope: string, limit: number): Promise<SearchHit[]>;
}

export function createPinyinIndex(opts: { maxAgeMs?: number; now?: () => number } = {}): PinyinIndex {
  const maxAge = opts.maxAgeMs ?? 10 * 60_000;
  const now = opts.now ?? Date.now;
  let entries: Promise<PinyinEntry[]> | null = null;
  let loadedAt = 0;
  const current = (db: Queryable): Promise<PinyinEntry[]> => {
    if (!entries) {
      loadedAt = now();
      entries = loadPinyinEntries(db);
      entries.catch(() => (entries = null)); // a failed load is tried again on the next query
    } else if (now() - loadedAt > maxAge) {
      loadedAt = now();
      const fresh = loadPinyinEntries(db);
      fresh.then((e) => (entries = Promise.resolve(e)), () => undefined); // keep serving the old index meanwhile
    }
    return entries;
  };
  return {
    async find(db, q, scope, limit) {
      const text = pinyinQuery(q);
      if (!text) return [];
      const prefix = scopePrefix(scope);
      const ranked: { e: PinyinEntry; rank: number }[] = [];
      for (const e of await current(db)) {
        if (!e.place.startsWith(prefix)) continue;
        const rank = pinyinRank(e, text);
        if (rank !== null) ranked.push({ e, rank });
      }
      ranked.sort((a, b) => a.rank - b.rank || a.e.tier - b.e.tier || a.e.hit.label.length - b.e.hit.label.length || a.e.hit.id.localeCompare(b.e.hit.id));
      return ranked.slice(0, limit).map((r) => r.e.hit);
    },
  };
}
