/**
 * The smallest SQL helpers every features query uses: bind parameters, checked identifiers, a source's
 * relation and its readable geometry. Re-exported by features-sql.ts.
 */
import type { LayerSource } from './layer-sources.ts';

/** Collects bind parameters and hands out their $n placeholders. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

export function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`Not a safe SQL identifier: ${name}`);
  return `"${name}"`;
}

/** A relation name from layer-sources (always a plain lower-case identifier). */
export function relation(source: LayerSource): string {
  return ident(source.relation);
}

/**
 * The geometry of a row as GEOS-based reads (ST_Intersects, clipping, simplifying) may use it: the stored one when
 * the row's `geom_valid` says so, else ST_MakeValid's polygonal part (migration 032; docs/security.md "Geometry").
 */
export function readableGeometry(source: LayerSource, alias = 't'): string {
  const geom = `${alias}.${ident(source.geometryColumn)}`;
  if (!source.validity) return geom;
  return `CASE WHEN ${alias}.${ident(source.validity)} THEN ${geom} ELSE ST_CollectionExtract(ST_MakeValid(${geom}), 3) END`;
}

