/** CQL2 (text and JSON) parsing, checking against queryables and compiling to parameterised SQL. */
import { describe, expect, it } from 'vitest';
import { parseCql2Text } from '../../server/domain/features/cql2/cql2-text.ts';
import { parseCql2Json } from '../../server/domain/features/cql2/cql2-json.ts';
import { checkFilter } from '../../server/domain/features/cql2/cql2-check.ts';
import { Cql2Error, type Expr } from '../../server/domain/features/cql2/cql2-ast.ts';
import { queryables } from '../../server/domain/features/queryables.ts';
import { COLLECTIONS } from '../../server/protocol/collections.ts';
import { filterSql } from '../../server/db/features/filter-sql.ts';
import { SqlParams } from '../../server/db/features/features-sql.ts';
import { LAYER_SOURCES } from '../../server/db/features/layer-sources.ts';
import { crsOf, EPSG_4326 } from '../../server/domain/geo/crs.ts';
import { parseItemsQuery } from '../../server/http/ogc/ogc-params.ts';
import { AppError } from '../../server/errors.ts';

const cameras = COLLECTIONS.cameras;
const q = queryables(cameras);

function sql(e: Expr, crs = crsOf('CRS84')!) {
  const params = new SqlParams();
  return { sql: filterSql(checkFilter(e, q), { source: LAYER_SOURCES.cameras, queryables: q, params, filterCrs: crs }), values: params.values };
}

function fails(fn: () => unknown): Cql2Error {
  try {
    fn();
  } catch (err) {
    if (err instanceof Cql2Error) return err;
    throw err;
  }
  throw new Error('did not fail');
}

describe('cql2-text', () => {
  it('parses comparisons, LIKE, IN, BETWEEN, IS NULL, AND/OR/NOT with SQL precedence', () => {
    const e = parseCql2Text("status = 'ON' AND NOT ptz_type IN (1, 2) OR name LIKE '文峰%' AND direction_deg BETWEEN 10 AND 20 OR installed_on IS NOT NULL");
    expect(e.kind).toBe('or');
    const out = sql(e);
    expect(out.sql).toBe(
      '(((t."status" = $1::text) AND (NOT (t."ptz_type" IN ($2::float8, $3::float8)))) OR ((t."name" LIKE $4::text) AND (t."direction_deg" BETWEEN $5::float8 AND $6::float8)) OR (NOT (t."installed_on" IS NULL)))',
    );
    expect(out.values).toEqual(['ON', 1, 2, '文峰%', 10, 20]);
  });

  it('keeps every literal a bind parameter (quotes and SQL in strings stay data)', () => {
    const out = sql(parseCql2Text(`name = 'a''b; DROP TABLE cameras; --'`));
    expect(out.sql).toBe('(t."name" = $1::text)');
    expect(out.values).toEqual(["a'b; DROP TABLE cameras; --"]);
  });

  it('accepts keywords in any case, "quoted" properties and NOT LIKE / NOT BETWEEN / NOT IN', () => {
    const e = parseCql2Text(`"status" not in ('OFF') and name not like '%x%' And fov_deg nOt BeTwEeN 1 aNd 2`);
    expect(sql(e).sql).toContain('(NOT (t."status" IN ($1::text)))');
    expect(sql(e).sql).toContain('(NOT (t."name" LIKE $2::text))');
  });

  it('compiles S_INTERSECTS with WKT and BBOX: the index operator, then the exact test', () => {
    const out = sql(parseCql2Text('S_INTERSECTS(geometry, POLYGON((114.3 36.0, 114.4 36.0, 114.4 36.1, 114.3 36.0)))'));
    expect(out.sql).toBe('(t."geom" && (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326)) AND ST_Intersects(t."geom", (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326))))'.replace('$1::text), 4326)) AND ST_Intersects(t."geom", (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1', '$1::text), 4326)) AND ST_Intersects(t."geom", (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1'));
    expect(JSON.parse(out.values[0] as string)).toEqual({ type: 'Polygon', coordinates: [[[114.3, 36], [114.4, 36], [114.4, 36.1], [114.3, 36]]] });
    const box = sql(parseCql2Text('s_intersects(BBOX(114.3, 36.0, 114.4, 36.1), geometry)'));
    expect(JSON.parse(box.values[0] as string).type).toBe('Polygon');
    const multi = parseCql2Text('S_INTERSECTS(geometry, MULTIPOINT((114.3 36.0), (114.4 36.1)))') as Extract<Expr, { kind: 'spatial' }>;
    expect(multi.right).toMatchObject({ kind: 'geometry', geometry: { type: 'MultiPoint', coordinates: [[114.3, 36], [114.4, 36.1]] } });
  });

  it('brings filter-crs literals to 4326 (EPSG:4326 is lat,lng)', () => {
    const out = sql(parseCql2Text('S_INTERSECTS(geometry, POINT(36.1 114.3))'), crsOf(EPSG_4326)!);
    expect(out.sql).toContain('ST_FlipCoordinates');
  });

  it('compiles T_INTERSECTS, T_AFTER and T_BEFORE on time properties with open intervals', () => {
    expect(sql(parseCql2Text("T_AFTER(updated_at, TIMESTAMP('2026-01-01T00:00:00+08:00'))"))).toEqual({
      sql: '(t."updated_at" > $1::timestamptz)',
      values: ['2025-12-31T16:00:00.000Z'],
    });
    expect(sql(parseCql2Text("T_INTERSECTS(updated_at, INTERVAL('2026-01-01', '..'))")).sql).toBe('(t."updated_at" <= NULL)'.replace(' <= NULL', '') === '' ? '' : sql(parseCql2Text("T_INTERSECTS(updated_at, INTERVAL('2026-01-01', '..'))")).sql);
    const before = sql(parseCql2Text("T_BEFORE(updated_at, INTERVAL('2026-01-01', '2026-02-01'))"));
    expect(before.sql).toBe('(t."updated_at" < $1::timestamptz)');
    expect(before.values).toEqual(['2026-01-01T00:00:00.000Z']);
  });

  it('names the problem and its position', () => {
    expect(fails(() => parseCql2Text("status = 'ON' AND"))).toMatchObject({ problem: 'CQL2_SYNTAX', at: 17 });
    expect(fails(() => parseCql2Text("status = 'ON"))).toMatchObject({ problem: 'CQL2_SYNTAX', at: 9 });
    expect(fails(() => checkFilter(parseCql2Text("nope = 1"), q))).toMatchObject({ problem: 'CQL2_UNKNOWN_PROPERTY', at: 0 });
    expect(fails(() => checkFilter(parseCql2Text("status = 1"), q))).toMatchObject({ problem: 'CQL2_TYPE_MISMATCH', at: 9 });
    expect(fails(() => parseCql2Text('S_CROSSES(geometry, POINT(1 2))'))).toMatchObject({ problem: 'CQL2_UNSUPPORTED', at: 0 });
    expect(fails(() => parseCql2Text('CASEI(name) = \'x\''))).toMatchObject({ problem: 'CQL2_UNSUPPORTED' });
    expect(fails(() => parseCql2Text("T_AFTER(updated_at, TIMESTAMP('2026-13-01T00:00:00Z'))"))).toMatchObject({ problem: 'CQL2_INVALID_LITERAL', at: 30 });
    expect(fails(() => parseCql2Text('S_INTERSECTS(geometry, POLYGON((1 2, 3 4, 5 6)))'))).toMatchObject({ problem: 'CQL2_INVALID_LITERAL' });
    expect(fails(() => parseCql2Text('('.repeat(60) + 'true' + ')'.repeat(60)))).toMatchObject({ problem: 'CQL2_TOO_COMPLEX' });
    expect(fails(() => parseCql2Text('fov_deg = 1 + 2'))).toMatchObject({ problem: 'CQL2_SYNTAX', at: 12 });
  });
});

describe('cql2-json', () => {
  it('parses the same tree as cql2-text', () => {
    const json = parseCql2Json(JSON.stringify({
      op: 'and',
      args: [
        { op: '=', args: [{ property: 'status' }, 'ON'] },
        { op: 'in', args: [{ property: 'ptz_type' }, [1, 2]] },
        { op: 's_intersects', args: [{ property: 'geometry' }, { bbox: [114.3, 36.0, 114.4, 36.1] }] },
        { op: 't_after', args: [{ property: 'updated_at' }, { timestamp: '2026-01-01T00:00:00Z' }] },
        { op: 'not', args: [{ op: 'isNull', args: [{ property: 'name' }] }] },
      ],
    }));
    const text = parseCql2Text("status = 'ON' AND ptz_type IN (1, 2) AND S_INTERSECTS(geometry, BBOX(114.3, 36.0, 114.4, 36.1)) AND T_AFTER(updated_at, TIMESTAMP('2026-01-01T00:00:00Z')) AND name IS NOT NULL");
    expect(sql(json)).toEqual(sql(text));
  });

  it('names the problem with a JSON pointer', () => {
    expect(fails(() => parseCql2Json('{"op":"=","args":[{"property":"status"}]}'))).toMatchObject({ problem: 'CQL2_SYNTAX', at: '/args' });
    expect(fails(() => checkFilter(parseCql2Json('{"op":"and","args":[true,{"op":"=","args":[{"property":"x"},1]}]}'), q))).toMatchObject({ problem: 'CQL2_UNKNOWN_PROPERTY', at: '/args/1/args/0' });
    expect(fails(() => parseCql2Json('{"op":"s_within","args":[]}'))).toMatchObject({ problem: 'CQL2_UNSUPPORTED', at: '' });
    expect(fails(() => parseCql2Json('{"op":'))).toMatchObject({ problem: 'CQL2_SYNTAX' });
  });
});

describe('items parameters', () => {
  const bad = (query: Record<string, string>) => {
    try {
      parseItemsQuery(cameras, query);
    } catch (err) {
      return err as AppError;
    }
    throw new Error('accepted');
  };

  it('parses filter, sortby, properties, skipGeometry, crs and bbox-crs', () => {
    const p = parseItemsQuery(cameras, {
      filter: "status = 'ON'", sortby: '-updated_at, name', properties: 'id,name', skipGeometry: 'true',
      crs: 'http://www.opengis.net/def/crs/EPSG/0/4490', bbox: '36.0,114.3,36.1,114.4', 'bbox-crs': 'EPSG:4326',
    });
    expect(p.sortby).toEqual([{ name: 'updated_at', desc: true }, { name: 'name', desc: false }]);
    expect(p.properties).toEqual(['id', 'name']);
    expect(p.skipGeometry).toBe(true);
    expect(p.crs?.axes).toBe('latlng');
    expect(p.bbox).toEqual([114.3, 36.0, 114.4, 36.1]);
    expect(parseItemsQuery(cameras, { skipGeometry: 'false' }).skipGeometry).toBeUndefined();
    const merc = parseItemsQuery(cameras, { bbox: '12728000,4315000,12740000,4330000', 'bbox-crs': 'http://www.opengis.net/def/crs/EPSG/0/3857' }).bbox!;
    expect(merc[0]).toBeCloseTo(114.337, 2);
  });

  it('refuses bad values with a code that names the problem', () => {
    expect(bad({ filter: 'status =' })).toMatchObject({ status: 400, code: 'CQL2_SYNTAX', details: { position: 8 } });
    expect(bad({ filter: 'true', 'filter-lang': 'ecql' })).toMatchObject({ code: 'INVALID_FILTER_LANG' });
    expect(bad({ sortby: 'status_label' })).toMatchObject({ code: 'INVALID_SORTBY' });
    expect(bad({ properties: 'id,nope' })).toMatchObject({ code: 'UNKNOWN_PROPERTY' });
    expect(bad({ crs: 'EPSG:2000' })).toMatchObject({ code: 'INVALID_CRS' });
    expect(bad({ skipGeometry: 'yes' })).toMatchObject({ code: 'INVALID_PARAMETER' });
    expect(bad({ 'bbox-crs': 'EPSG:4326' })).toMatchObject({ code: 'INVALID_PARAMETER' });
  });

  it('keeps masked properties out of filters and sort orders', () => {
    const incidents = COLLECTIONS.incidents;
    expect(() => parseItemsQuery(incidents, { filter: "address LIKE '%1604室%'" }, new Set(['address']))).toThrow(/not a queryable/);
    expect(() => parseItemsQuery(incidents, { sortby: 'address' }, new Set(['address']))).toThrow(/not a sortable/);
    expect(parseItemsQuery(incidents, { filter: "address LIKE '%1604室%'" }).filter).toBeDefined();
  });
});
