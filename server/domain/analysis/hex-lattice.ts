/**
 * The hexagon lattice the hotspot analysis bins incidents on, and the local projection it lives in. Pure.
 *
 * Projection: equirectangular on the mean Earth sphere (R = 6,371,008.8 m) about ORIGIN (114.35°E, 36.1°N):
 *   x = R·rad(lng − 114.35)·cos(36.1°),  y = R·rad(lat − 36.1)   (metres)
 * Across Anyang (35.2°–36.4°N) its east-west scale is off by at most 1.1 % — far below a cell's size — and it
 * inverts exactly, so a cell's polygon is drawn from its centre without a projection library. The SQL binning
 * (server/db/analysis/hotspots-sql.ts) uses the same formulas; `parameters.projection` of a result repeats them.
 *
 * Cells: pointy-top hexagons of edge `size` metres (ST_HexagonGrid's `size`), axial coordinates (q, r)
 * (redblobgames.com/grids/hexagons): centre x = size·√3·(q + r/2), y = size·1.5·r. Adjacent centres are
 * √3·size apart; a cell's area is (3√3/2)·size².
 */

export const EARTH_RADIUS_M = 6_371_008.8;
export const ORIGIN = { lng: 114.35, lat: 36.1 } as const;
const RAD = Math.PI / 180;
const COS0 = Math.cos(ORIGIN.lat * RAD);
const SQRT3 = Math.sqrt(3);

export type Axial = readonly [q: number, r: number];

/** lng/lat (degrees) → local metres. */
export function project(lng: number, lat: number): [number, number] {
  return [EARTH_RADIUS_M * (lng - ORIGIN.lng) * RAD * COS0, EARTH_RADIUS_M * (lat - ORIGIN.lat) * RAD];
}

/** Metres per degree of longitude and of latitude in the projection. */
const METRES_PER_DEG_X = EARTH_RADIUS_M * RAD * COS0;
const METRES_PER_DEG_Y = EARTH_RADIUS_M * RAD;

/** Local metres → lng/lat (degrees). */
export function unproject(x: number, y: number): [number, number] {
  return [ORIGIN.lng + x / METRES_PER_DEG_X, ORIGIN.lat + y / METRES_PER_DEG_Y];
}

/** The cell holding a projected point (cube rounding). */
export function cellOf(x: number, y: number, size: number): Axial {
  const qf = ((SQRT3 / 3) * x - y / 3) / size;
  const rf = ((2 / 3) * y) / size;
  const sf = -qf - rf;
  let q = Math.round(qf);
  let r = Math.round(rf);
  const s = Math.round(sf);
  const dq = Math.abs(q - qf);
  const dr = Math.abs(r - rf);
  const ds = Math.abs(s - sf);
  if (dq > dr && dq > ds) q = -r - s;
  else if (dr > ds) r = -q - s;
  return [q + 0, r + 0];
}

export function cellCentre(q: number, r: number, size: number): [number, number] {
  return [size * SQRT3 * (q + r / 2), size * 1.5 * r];
}

/** The six axial neighbours (first-order contiguity: the cells sharing an edge). */
export const NEIGHBOUR_OFFSETS: readonly Axial[] = [[1, 0], [-1, 0], [0, 1], [0, -1], [1, -1], [-1, 1]];

export const cellKey = (q: number, r: number): string => `${q}:${r}`;
/** A numeric key of a cell for maps (exact for |q|, |r| < 500,000). */
export const cellNum = (q: number, r: number): number => (q + 500_000) * 1_000_000 + (r + 500_000);

/** Dense lookups above this many slots of a cells' axial bounding box fall back to a Map. */
const DENSE_INDEX_MAX_SLOTS = 4_000_000;

/**
 * Position of each cell in `cells` by its axial coordinates, -1 when absent: a typed array over the cells' axial
 * bounding box (a city's lattice is compact), a Map when that box would be huge.
 */
export function cellIndex(cells: readonly Axial[]): (q: number, r: number) => number {
  let q0 = Infinity, q1 = -Infinity, r0 = Infinity, r1 = -Infinity;
  for (const [q, r] of cells) {
    if (q < q0) q0 = q;
    if (q > q1) q1 = q;
    if (r < r0) r0 = r;
    if (r > r1) r1 = r;
  }
  const width = q1 - q0 + 1;
  const slots = cells.length ? width * (r1 - r0 + 1) : 0;
  if (slots > DENSE_INDEX_MAX_SLOTS) {
    const map = new Map<number, number>();
    cells.forEach(([q, r], i) => map.set(cellNum(q, r), i));
    return (q, r) => map.get(cellNum(q, r)) ?? -1;
  }
  const slot = new Int32Array(slots).fill(-1);
  cells.forEach(([q, r], i) => (slot[(r - r0) * width + (q - q0)] = i));
  return (q, r) => (q < q0 || q > q1 || r < r0 || r > r1 ? -1 : slot[(r - r0) * width + (q - q0)]!);
}

export function cellArea(size: number): number {
  return ((3 * SQRT3) / 2) * size * size;
}

/** The cell's hexagon as a closed GeoJSON ring (lng/lat, counter-clockwise), 7 decimals. */
export function cellRing(q: number, r: number, size: number): [number, number][] {
  const [cx, cy] = cellCentre(q, r, size);
  const ring: [number, number][] = [];
  for (let k = 0; k < 6; k++) {
    const [lng, lat] = unproject(cx + size * VERTEX_COS[k]!, cy + size * VERTEX_SIN[k]!);
    ring.push([round7(lng), round7(lat)]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** The JSON text of cellRing's coordinates, `[lng,lat],…` (the first vertex again at the end): what
 * JSON.stringify writes of them, without building the ring. */
export function cellRingText(q: number, r: number, size: number): string {
  const [cx, cy] = cellCentre(q, r, size);
  let first = '';
  let text = '';
  for (let k = 0; k < 6; k++) {
    const [lng, lat] = unproject(cx + size * VERTEX_COS[k]!, cy + size * VERTEX_SIN[k]!);
    const vertex = `[${round7Text(lng)},${round7Text(lat)}]`;
    if (k === 0) first = vertex;
    text += k === 0 ? vertex : `,${vertex}`;
  }
  return `${text},${first}`;
}

/** Pointy-top: vertices at -30°, 30°, 90°, … (computed once; a city's lattice draws ~10,000 rings). */
const VERTEX_ANGLES = [0, 1, 2, 3, 4, 5].map((k) => ((60 * k - 30) * Math.PI) / 180);
const VERTEX_COS = VERTEX_ANGLES.map(Math.cos);
const VERTEX_SIN = VERTEX_ANGLES.map(Math.sin);

/** A lattice row's cells r, q = qFirst … qLast. */
export interface CellRun {
  r: number;
  qFirst: number;
  qLast: number;
}

/**
 * The cells whose centres fall in a lng/lat box, as one run per lattice row (candidates for a study area: a few
 * hundred numbers, not the ~100,000 cells they stand for). Throws RangeError when they hold more than maxCells cells.
 */
export function cellRunsInBox(box: readonly [number, number, number, number], size: number, maxCells: number): CellRun[] {
  const [x0, y0] = project(box[0], box[1]);
  const [x1, y1] = project(box[2], box[3]);
  const r0 = Math.floor(y0 / (1.5 * size)) - 1;
  const r1 = Math.ceil(y1 / (1.5 * size)) + 1;
  const runs: CellRun[] = [];
  let cells = 0;
  // A centre's x is non-decreasing in q: a row's cells in the box are one run.
  const inX = (q: number, r: number) => {
    const [cx] = cellCentre(q, r, size);
    return cx >= x0 && cx <= x1;
  };
  for (let r = r0; r <= r1; r++) {
    const [, cy] = cellCentre(0, r, size);
    if (!(cy >= y0 && cy <= y1)) continue;
    // The run's ends, walked to from the row's padded bounds (a step or two each): the same test as every cell's.
    let qFirst = Math.floor(x0 / (SQRT3 * size) - r / 2) - 1;
    let qLast = Math.ceil(x1 / (SQRT3 * size) - r / 2) + 1;
    while (qFirst <= qLast && !inX(qFirst, r)) qFirst++;
    while (qLast >= qFirst && !inX(qLast, r)) qLast--;
    if (qFirst > qLast) continue;
    cells += qLast - qFirst + 1;
    if (cells > maxCells) throw new RangeError(`more than ${maxCells} cells`);
    runs.push({ r, qFirst, qLast });
  }
  return runs;
}

/**
 * unproject(cellCentre(q, r, size)) in SQL over integer expressions q, r and a float8 expression size: the same IEEE
 * double operations in the same order, the constants written as their shortest round-trip text, so a centre is the
 * very double the pure functions give (a point-in-polygon test of it answers the same on either side).
 */
export const CELL_CENTRE_SQL = {
  lng: (q: string, r: string, size: string) =>
    `(${ORIGIN.lng}::float8 + ${size} * ${SQRT3}::float8 * ((${q})::float8 + (${r})::float8 / 2::float8) / ${METRES_PER_DEG_X}::float8)`,
  lat: (r: string, size: string) => `(${ORIGIN.lat}::float8 + ${size} * 1.5::float8 * (${r})::float8 / ${METRES_PER_DEG_Y}::float8)`,
};

export const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;

/**
 * `String(round7(v))`, composed from the integer count of 1e-7 units instead of the general shortest-form
 * conversion: ~3× as fast, and a city's hotspot answer writes ~145,000 coordinates. A fixed-point decimal of at most
 * 7 decimals with its trailing zeros cut is the shortest text that reads back as that double while the spacing of
 * doubles stays far below 1e-7 (|v| < 1e6); outside 1 ≤ |v| < 1e6 the general conversion answers.
 */
export function round7Text(v: number): string {
  const n = Math.round(v * 1e7);
  const a = Math.abs(n);
  if (!(a >= 1e7 && a < 1e13)) return String(n / 1e7);
  const whole = Math.floor(a / 1e7);
  const frac = a - whole * 1e7;
  const sign = n < 0 ? '-' : '';
  if (frac === 0) return `${sign}${whole}`;
  const digits = String(frac).padStart(7, '0');
  let end = 7;
  while (digits.charCodeAt(end - 1) === 48) end--;
  return `${sign}${whole}.${digits.slice(0, end)}`;
}

/** The SQL expressions of the projection, for the binning query (same constants as project()). */
export const PROJECTION_SQL = {
  x: (lng: string) => `(${EARTH_RADIUS_M} * radians(${lng} - ${ORIGIN.lng}) * ${COS0})`,
  y: (lat: string) => `(${EARTH_RADIUS_M} * radians(${lat} - ${ORIGIN.lat}))`,
};

/** What a result's `parameters.projection` says. */
export const PROJECTION_DESCRIPTION = {
  kind: 'equirectangular (local), mean Earth sphere',
  radiusMetres: EARTH_RADIUS_M,
  origin: ORIGIN,
  x: 'R * radians(lng - origin.lng) * cos(radians(origin.lat))',
  y: 'R * radians(lat - origin.lat)',
  cells: 'pointy-top hexagons of edge cellMeters; axial (q, r); centre x = cellMeters*sqrt(3)*(q + r/2), y = cellMeters*1.5*r',
} as const;
