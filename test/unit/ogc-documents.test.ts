import { describe, expect, it } from 'vitest';
import { COLLECTION_IDS, COLLECTIONS } from '../../server/protocol/collections.ts';
import { itemsLinks, queryString } from '../../server/http/ogc/ogc-links.ts';
import { collectionDoc, landingPage } from '../../server/http/ogc/ogc-documents.ts';
import { openApi } from '../../server/http/ogc/ogc-openapi.ts';
import { tileJson } from '../../server/http/tiles/tiles-tilejson.ts';

const base = 'http://h:1/ogc';
const rels = (links: { rel: string }[]) => links.map((l) => l.rel);

describe('items links', () => {
  it('keeps the selection, sets offset/limit, and offers next only while features remain', () => {
    const links = itemsLinks(base, 'cameras', { status: 'ON', bbox: '1,2,3,4', limit: '10' }, { offset: 0, limit: 10, returned: 10, matched: 25 });
    expect(rels(links)).toEqual(['self', 'collection', 'next']);
    expect(links[2]!.href).toBe(`${base}/collections/cameras/items?bbox=1%2C2%2C3%2C4&limit=10&offset=10&status=ON`);
    const last = itemsLinks(base, 'cameras', { limit: '10', offset: '20' }, { offset: 20, limit: 10, returned: 5, matched: 25 });
    expect(rels(last)).toEqual(['self', 'collection', 'prev']);
    expect(last[2]!.href).toBe(`${base}/collections/cameras/items?limit=10&offset=10`);
  });
  it('sends prev from far past the end back to the last page', () => {
    const links = itemsLinks(base, 'cameras', { offset: '5000' }, { offset: 5000, limit: 1000, returned: 0, matched: 1500 });
    expect(links.find((l) => l.rel === 'prev')!.href).toBe(`${base}/collections/cameras/items?limit=1000&offset=500`);
  });
  it('encodes repeated and unicode values', () => {
    expect(queryString({ name: '文峰区', status: ['ON', 'OFF'] })).toBe('?name=%E6%96%87%E5%B3%B0%E5%8C%BA&status=ON&status=OFF');
    expect(queryString({ offset: '5' }, { offset: undefined })).toBe('');
  });
});

describe('documents', () => {
  it('links the landing page to the API definition, conformance and data', () => {
    expect(rels(landingPage(base).links)).toEqual(['self', 'service-desc', 'conformance', 'data']);
  });
  it('describes a collection in CRS84 with its extent and a TileJSON link', () => {
    const doc = collectionDoc(base, COLLECTIONS.incidents, { bbox: [1, 2, 3, 4], interval: ['2026-01-01T00:00:00Z', null] }, 'http://h:1/tiles');
    expect(doc.extent.spatial.bbox).toEqual([[1, 2, 3, 4]]);
    expect(doc.extent.temporal?.interval).toEqual([['2026-01-01T00:00:00Z', null]]);
    expect(doc.links.map((l) => l.href)).toContain('http://h:1/tiles/incidents.json');
  });
  it('generates an OpenAPI path per collection with its filter parameters and code enums', () => {
    const api = openApi(base) as { paths: Record<string, { get: { parameters?: { name: string; schema: { enum?: unknown[]; maximum?: number } }[] } }> };
    for (const id of COLLECTION_IDS) expect(api.paths).toHaveProperty(`/collections/${id}/items`);
    const params = api.paths['/collections/cameras/items']!.get.parameters!;
    expect(params.map((p) => p.name)).toEqual([
      'bbox', 'bbox-crs', 'limit', 'offset', 'datetime', 'filter', 'filter-lang', 'filter-crs', 'sortby', 'crs', 'properties', 'skipGeometry', 'id', 'ptz_type', 'point_class', 'status', 'district_code', 'street_code', 'community_code', 'grid_code']);
    expect(params.find((p) => p.name === 'limit')!.schema.maximum).toBe(10_000);
    expect(params.find((p) => p.name === 'point_class')!.schema.enum).toEqual([1, 2, 3, 9]);
    expect(api.paths['/collections/districts/items']!.get.parameters!.map((p) => p.name)).not.toContain('datetime');
  });
  it('builds TileJSON 3.0.0 with fields, aggregation fields for dense point layers only', () => {
    const cams = tileJson('http://h:1/tiles', COLLECTIONS.cameras, '?status=OFF');
    expect(cams.tiles).toEqual(['http://h:1/tiles/cameras/{z}/{x}/{y}.mvt?status=OFF']);
    expect(cams.vector_layers[0]!.fields).toHaveProperty('count');
    expect(cams.minzoom).toBe(0);
    const units = tileJson('http://h:1/tiles', COLLECTIONS.units, '');
    expect(units.vector_layers[0]!.fields).not.toHaveProperty('count');
    expect(tileJson('http://h:1/tiles', COLLECTIONS.communities, '').minzoom).toBe(9);
  });
});
