/**
 * Writes to the live collections (OGC API - Features Part 4 style), shared by the HTTP API
 * (server/http/ogc/ogc-write.ts) and the simulator, so both take the same path into the database and the
 * capture trigger turns every write into a change record.
 *
 * The write model comes from the registry (server/protocol/collections.ts): every registry property
 * except the derived ones (`*_label`, `function_labels`, `generated`, `updated_at`) is writable; codes
 * must be codes of their list and their labels are filled here from codes.ts. Database constraint
 * violations come back as WriteError('conflict' | 'invalid') with a message of our own (the SQLSTATE decides
 * which), never as a raw driver error or the database's text (which quotes values and names internals). Every
 * geometry goes through the geometry step (features-geometry.ts) first: a refused one throws GeometryError.
 */
import type { Geometry } from 'geojson';
import { z } from 'zod';
import { GeometryError, prepareGeometry, type RepairRequest } from './features-geometry.ts';
import { checkGeometry } from '../../domain/geo/geometry-rules.ts';
import { COLLECTIONS, type CollectionDef, type CollectionId, type PropertyDef } from '../../protocol/collections.ts';
import { CHECKPOINT_FUNCTION } from '../../protocol/codes.ts';
import { deadlineOf, INITIAL_STATUS } from '../../domain/incidents/lifecycle.ts';
import { DISPATCH_CONFIG } from '../../domain/dispatch/dispatch-config.ts';
import type { LiveFeature } from '../../protocol/live.ts';
import { FEATURE_ID_RULE, isFeatureId } from '../../protocol/feature-id.ts';
import type { Queryable } from '../core/database.ts';
import { LAYER_SOURCES } from './layer-sources.ts';
import { toLiveFeature } from '../live/changes-feature.ts';
import { PlacementError, placeFeature } from './admin-codes.ts';

export class WriteError extends Error {
  override name = 'WriteError';
  constructor(
    readonly kind: 'invalid' | 'conflict' | 'out-of-scope',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A live collection people edit as features; one placed by nobody (warnings: raised by the analysis only) is not. */
export function isWritable(id: string): id is CollectionId {
  return id in COLLECTIONS && COLLECTIONS[id as CollectionId].live && LAYER_SOURCES[id as CollectionId].placement !== 'none';
}

const DERIVED = new Set(['generated', 'updated_at', 'function_labels', 'version', 'timer_light']);
const isWritableProperty = (p: PropertyDef) => !p.name.endsWith('_label') && !DERIVED.has(p.name) && !p.readOnly;

function propertySchema(p: PropertyDef): z.ZodType {
  if (p.codes) {
    const keys = Object.keys(p.codes);
    return z.union([z.string(), z.number()]).transform(String).pipe(z.enum(keys as [string, ...string[]]));
  }
  if (p.name === 'functions') {
    return z.string().regex(new RegExp(`^(${Object.keys(CHECKPOINT_FUNCTION).join('|')})(,(${Object.keys(CHECKPOINT_FUNCTION).join('|')}))*$`), 'comma-separated gate function codes (01-05)');
  }
  switch (p.type) {
    case 'integer':
      return z.number().int();
    case 'number':
      return z.number().finite();
    case 'boolean':
      return z.boolean();
    case 'date-time':
      return z.iso.datetime({ offset: true });
    case 'date':
      return z.iso.date();
    default:
      return z.string().max(4000);
  }
}

const schemas = new Map<CollectionId, z.ZodType<Record<string, unknown>>>();

/** The properties schema of a collection (all optional: PATCH sends some, the database checks NOT NULLs). */
export function propertiesSchema(def: CollectionDef): z.ZodType<Record<string, unknown>> {
  let s = schemas.get(def.id);
  if (!s) {
    const shape = Object.fromEntries(def.properties.filter(isWritableProperty).map((p) => [p.name, propertySchema(p).nullable().optional()]));
    s = z.object(shape).strict() as unknown as z.ZodType<Record<string, unknown>>;
    schemas.set(def.id, s);
  }
  return s;
}

/** Validates properties and fills the labels of coded fields. Throws WriteError('invalid'). */
export function prepareProperties(def: CollectionDef, input: unknown): Record<string, unknown> {
  const parsed = propertiesSchema(def).safeParse(input ?? {});
  if (!parsed.success) {
    throw new WriteError('invalid', 'Invalid properties', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const out: Record<string, unknown> = { ...parsed.data };
  for (const p of def.properties) {
    const v = out[p.name];
    if (v === undefined) continue;
    if (p.codes) out[`${p.name}_label`] = v === null ? null : p.codes[String(v)]!.zh;
    if (p.name === 'functions') {
      out.function_labels = v === null ? null : String(v).split(',').map((c) => CHECKPOINT_FUNCTION[c as keyof typeof CHECKPOINT_FUNCTION].zh).join(',');
    }
  }
  return out;
}

/** Server-side defaults of a new feature (the operators' conventions), applied before insert. */
export function creationDefaults(def: CollectionDef, id: string, props: Record<string, unknown>, now: Date): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  if (def.id === 'incidents') {
    const reported = typeof props.reported_at === 'string' ? new Date(props.reported_at) : now;
    d.event_no = id;
    d.reported_at = reported.toISOString();
    d.status = INITIAL_STATUS;
    const deadline = deadlineOf(reported.getTime(), String(props.category ?? ''), String(props.urgency ?? ''), DISPATCH_CONFIG.timeLimits);
    if (deadline !== null && Number.isFinite(deadline)) d.deadline = new Date(deadline).toISOString();
  }
  if (def.id === 'fire-hazards') {
    d.found_at = now.toISOString();
    d.status = 'REGISTERED';
  }
  if (def.id === 'units') d.status = 'AVAILABLE';
  return prepareProperties(def, { ...d, ...Object.fromEntries(Object.entries(props).filter(([k]) => !k.endsWith('_label') && k !== 'function_labels')) });
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const q = (name: string) => {
  if (!IDENT.test(name)) throw new Error(`Not a safe SQL identifier: ${name}`);
  return `"${name}"`;
};

function geomExpr(def: CollectionDef, param: string): string {
  const g = `ST_SetSRID(ST_GeomFromGeoJSON(${param}), 4326)`;
  return def.geometryType === 'MultiPolygon' ? `ST_Multi(${g})` : g;
}

const RETURNING = `RETURNING to_jsonb(t) - 'geom' AS row_data, ST_AsGeoJSON(ST_ForcePolygonCCW(t.geom), 7)::jsonb AS geometry`;

type Returned = { row_data: Record<string, unknown>; geometry: Geometry };

async function run(db: Queryable, def: CollectionDef, sql: string, params: unknown[]): Promise<LiveFeature | null> {
  try {
    const { rows } = await db.query<Returned>(sql, params);
    return rows[0] ? toLiveFeature(def.id, rows[0].row_data, rows[0].geometry) : null;
  } catch (err) {
    throw toWriteError(err);
  }
}

/** Our own words for the SQLSTATEs a write can raise on bad input (the database's text never leaves). */
const INVALID_INPUT: Readonly<Record<string, string>> = {
  '23514': 'A property value breaks a rule of the collection',
  '23503': 'A property refers to something that does not exist',
  '22P02': 'A property value has the wrong form for its type',
  '22003': 'A number is out of range for its property',
  '22001': 'A text value is too long for its property',
  '22007': 'A date or time value is invalid',
  '22008': 'A date or time value is out of range',
  '22021': 'A text value holds a character that cannot be stored (e.g. a NUL byte)',
  '22P05': 'A text value holds a character that cannot be stored',
  '22023': 'A value is invalid',
  XX000: 'The geometry could not be stored',
};

/** Maps PostgreSQL errors (SQLSTATE) to WriteError with our own message; anything else passes unchanged. */
export function toWriteError(err: unknown): unknown {
  if (err instanceof PlacementError) return new WriteError('invalid', err.message);
  const e = err as { code?: string; column?: string };
  const column = typeof e.column === 'string' && /^[a-z_][a-z0-9_]*$/.test(e.column) ? e.column : undefined;
  const details = column ? { property: column } : undefined;
  if (e.code === '23505') return new WriteError('conflict', 'A feature with this id (or unique value) exists already');
  if (e.code === '23502') return new WriteError('invalid', `Missing required property: ${column ?? 'unknown'}`, details);
  const message = e.code !== undefined && Object.hasOwn(INVALID_INPUT, e.code) ? INVALID_INPUT[e.code]! : undefined;
  return message ? new WriteError('invalid', message, details) : err;
}

/** Inserts a feature; throws WriteError on invalid input or an existing id. */
export async function createFeature(
  db: Queryable,
  id: CollectionId,
  input: { id?: string; properties?: unknown; geometry: unknown; repair?: RepairRequest },
  opts: { generated?: boolean; now?: Date } = {},
): Promise<LiveFeature> {
  const def = COLLECTIONS[id];
  const given = (input.properties as Record<string, unknown> | undefined) ?? {};
  const fid = input.id ?? (typeof given[def.idProperty] === 'string' ? (given[def.idProperty] as string) : undefined);
  if (!fid) throw new WriteError('invalid', `A new ${def.id} feature needs an id (feature "id" or property "${def.idProperty}")`);
  if (!isFeatureId(fid)) throw new WriteError('invalid', `A feature id is ${FEATURE_ID_RULE}`, [{ path: 'id', message: 'breaks the id rule' }]);
  prepareProperties(def, given); // reject unknown or invalid properties before defaults are merged
  const geometry = await prepareGeometry(db, def, input.geometry, input.repair);
  const props = await placeFeature(db, def, creationDefaults(def, fid, { ...given, [def.idProperty]: fid }, opts.now ?? new Date()), geometry.geojson).catch(
    (err: unknown) => Promise.reject(toWriteError(err)),
  );
  const cols = Object.keys(props);
  const params: unknown[] = cols.map((c) => props[c]);
  params.push(geometry.geojson, opts.generated ?? false);
  const sql = `INSERT INTO ${q(LAYER_SOURCES[def.id].table)} AS t (${[...cols, 'geom', 'generated'].map(q).join(', ')})
    VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}, ${geomExpr(def, `$${cols.length + 1}`)}, $${cols.length + 2}) ${RETURNING}`;
  return (await run(db, def, sql, params))!;
}

/** Updates properties and/or geometry; null when the feature does not exist. */
export async function updateFeature(
  db: Queryable,
  id: CollectionId,
  featureId: string,
  input: { properties?: unknown; geometry?: unknown; repair?: RepairRequest },
): Promise<LiveFeature | null> {
  const def = COLLECTIONS[id];
  const given = prepareProperties(def, input.properties);
  if (def.idProperty in given && given[def.idProperty] !== featureId) throw new WriteError('invalid', `The id property "${def.idProperty}" cannot be changed`);
  delete given[def.idProperty];
  const geometry = input.geometry === undefined ? undefined : await prepareGeometry(db, def, input.geometry, input.repair);
  const props = await placeFeature(db, def, given, geometry?.geojson).catch((err: unknown) => Promise.reject(toWriteError(err)));
  const sets = Object.keys(props).map((c, i) => `${q(c)} = $${i + 2}`);
  const params: unknown[] = [featureId, ...Object.values(props)];
  if (geometry !== undefined) {
    params.push(geometry.geojson);
    sets.push(`geom = ${geomExpr(def, `$${params.length}`)}`);
  }
  sets.push('updated_at = now()');
  const sql = `UPDATE ${q(LAYER_SOURCES[def.id].table)} AS t SET ${sets.join(', ')} WHERE t.${q(def.idProperty)} = $1 ${RETURNING}`;
  return run(db, def, sql, params);
}

/** Deletes a feature; false when it did not exist. */
export async function deleteFeature(db: Queryable, id: CollectionId, featureId: string): Promise<boolean> {
  const def = COLLECTIONS[id];
  try {
    const res = await db.query(`DELETE FROM ${q(LAYER_SOURCES[def.id].table)} WHERE ${q(def.idProperty)} = $1`, [featureId]);
    return res.rowCount > 0;
  } catch (err) {
    throw toWriteError(err);
  }
}

export interface UnitPosition {
  id: string;
  lng: number;
  lat: number;
  headingDeg: number;
  speedKmh: number;
  at: Date;
}

/**
 * Position reports of many units in one statement (a GPS gateway's batch; the simulator uses it too). Each position
 * passes the same geometry rules as any written Point (finite, in range, inside the city): a bad one refuses the
 * whole batch with a GeometryError naming the unit, and nothing moves.
 */
export async function moveUnits(db: Queryable, positions: readonly UnitPosition[]): Promise<number> {
  if (!positions.length) return 0;
  for (const p of positions) {
    const checked = checkGeometry({ type: 'Point', coordinates: [p.lng, p.lat] }, 'Point');
    if (!checked.ok) throw new GeometryError({ ...checked.problem, message: `Unit ${p.id}: ${checked.problem.message}` });
  }
  const res = await db.query(
    `UPDATE units u SET geom = ST_SetSRID(ST_MakePoint(v.lng, v.lat), 4326), heading_deg = v.heading, speed_kmh = v.speed,
       position_at = v.at, updated_at = now()
     FROM unnest($1::text[], $2::float8[], $3::float8[], $4::smallint[], $5::real[], $6::timestamptz[]) AS v (id, lng, lat, heading, speed, at)
     WHERE u.id = v.id`,
    [
      positions.map((p) => p.id),
      positions.map((p) => p.lng),
      positions.map((p) => p.lat),
      positions.map((p) => Math.round(((p.headingDeg % 360) + 360) % 360)),
      positions.map((p) => p.speedKmh),
      positions.map((p) => p.at.toISOString()),
    ],
  );
  return res.rowCount;
}
