/**
 * The feature routes of the OGC API (mounted by ogc.ts; reference: docs/api.md "OGC API"):
 *
 *   GET /ogc/collections/{id}/items              FeatureCollection (application/geo+json), parameters in ogc-params.ts
 *   GET /ogc/collections/{id}/items/{featureId}  one Feature (?crs, ?properties, ?skipGeometry)
 *   GET /ogc/collections/{id}/queryables         JSON Schema of what `filter` may name (application/schema+json)
 *   GET /ogc/collections/{id}/sortables          JSON Schema of what `sortby` may name
 *
 * Items answers carry `Content-Crs: <uri>`, a strong `ETag` made of the collection's data version
 * (db/features/collection-versions.ts), the query, the reader's jurisdiction and view, the origin and the
 * content coding. `If-None-Match` with it answers 304 before any page is built or read; the same page for
 * the same version is served from memory (ogc-page-cache.ts). Cache-Control: live layers `private, no-cache`
 * (always revalidate: cheap), static ones `private, max-age=300`. Bodies are br/gzip per Accept-Encoding.
 */
import type { Request, Response, Router } from 'express';
import type { CollectionDef } from '../../protocol/collections.ts';
import { notFound } from '../../errors.ts';
import type { FeaturePage, FeaturesRepository } from '../../db/features/features-repository.ts';
import type { CollectionVersions } from '../../db/features/collection-versions.ts';
import { parseFeatureQuery, parseItemsQuery, type RawQuery } from './ogc-params.ts';
import { GEOJSON, itemsLinks, JSON_TYPE, queryString } from './ogc-links.ts';
import { readLayerView, readScope } from '../auth/auth-scope.ts';
import { isFeatureId, quotedId } from '../../protocol/feature-id.ts';
import { LAYER_PERSONAL } from '../../auth/masking.ts';
import type { LayerView } from '../../auth/personal-view.ts';
import { queryables, schemaDocument, sortables } from '../../domain/features/queryables.ts';
import { CRS84 } from '../../domain/geo/crs.ts';
import { negotiateCoding, notModified, sendChunks, strongEtag, type Coding } from '../platform/transfer.ts';
import { PageCache } from './ogc-page-cache.ts';

/** The items answer's header: where a live collection's rows stand in the change feed. */
export const LIVE_SEQ_HEADER = 'X-Live-Seq';
export const SCHEMA_JSON = 'application/schema+json';
/** Rows per text chunk of a streamed page. */
const CHUNK_FEATURES = 200;

export interface ItemsDeps {
  features: FeaturesRepository;
  versions?: CollectionVersions;
  now: () => Date;
  baseOf: (req: Request) => string;
  readable: (req: Request) => CollectionDef;
  /** Bytes of built pages kept in memory (0: none). */
  pageCacheBytes: number;
}

/** Properties this reader receives masked: never queryable or sortable (a filter or an order would unmask them). */
export function hiddenFor(def: CollectionDef, view: LayerView): Set<string> {
  return view === 'masked' ? new Set(Object.keys(LAYER_PERSONAL[def.id] ?? {})) : new Set();
}

export function cacheControl(def: CollectionDef): string {
  return def.live ? 'private, no-cache' : 'private, max-age=300';
}

function featureJson(f: FeaturePage['features'][number]): string {
  return `{"type":"Feature","id":${JSON.stringify(f.id)},"geometry":${f.geometryJson ?? 'null'},"properties":${JSON.stringify(f.properties)}}`;
}

/** The FeatureCollection as text chunks (features spliced from the database's GeoJSON text, never re-parsed). */
function pageChunks(page: FeaturePage, links: unknown, timeStamp: string): string[] {
  const chunks = ['{"type":"FeatureCollection","features":['];
  for (let i = 0; i < page.features.length; i += CHUNK_FEATURES) {
    chunks.push((i > 0 ? ',' : '') + page.features.slice(i, i + CHUNK_FEATURES).map(featureJson).join(','));
  }
  chunks.push(`],"links":${JSON.stringify(links)},"timeStamp":${JSON.stringify(timeStamp)},"numberMatched":${page.numberMatched},"numberReturned":${page.features.length}}`);
  return chunks;
}

function setCommon(res: Response, def: CollectionDef, crsUri: string): void {
  res.set('Cache-Control', cacheControl(def));
  res.set('Content-Crs', `<${crsUri}>`);
  res.vary('Accept-Encoding');
  res.vary('Authorization');
  res.vary('Cookie');
}

function sendCached(req: Request, res: Response, cache: PageCache, key: string, coding: Coding): boolean {
  const hit = cache.get(key);
  if (!hit) return false;
  res.set(hit.headers);
  if (coding === 'identity' || hit.body.length < 1024) {
    res.send(hit.body);
    return true;
  }
  res.set('Content-Encoding', coding).send(cache.coded(hit, coding));
  return true;
}

export function mountItemRoutes(router: Router, deps: ItemsDeps): void {
  const cache = new PageCache(deps.pageCacheBytes);

  router.get('/collections/:collectionId/items', async (req, res) => {
    const def = deps.readable(req);
    const query = req.query as RawQuery;
    const view = readLayerView(req);
    const scope = readScope(req);
    const q = parseItemsQuery(def, query, hiddenFor(def, view));
    const crsUri = q.crs?.uri ?? CRS84;
    const base = deps.baseOf(req);
    const coding = negotiateCoding(req);
    const version = await deps.versions?.of(def);
    setCommon(res, def, crsUri);
    res.type(GEOJSON);
    let key: string | undefined;
    if (version !== undefined) {
      const parts = [def.id, version, queryString(query), scope, view, base];
      key = parts.join('\u0000');
      const etag = strongEtag(parts, coding);
      res.set('ETag', etag);
      if (notModified(req, etag)) {
        res.status(304).end();
        return;
      }
      if (sendCached(req, res, cache, key, coding)) return;
    }
    const page = await deps.features.page(def, { ...q, scope, view, version });
    const headers: Record<string, string> = page.liveSeq === undefined ? {} : { [LIVE_SEQ_HEADER]: String(page.liveSeq) };
    res.set(headers);
    const links = itemsLinks(base, def.id, query, { offset: q.offset, limit: q.limit, returned: page.features.length, matched: page.numberMatched });
    const chunks = pageChunks(page, links, deps.now().toISOString());
    if (key !== undefined) {
      cache.set(key, Buffer.from(chunks.join(''), 'utf8'), headers);
      if (sendCached(req, res, cache, key, coding)) return;
    }
    await sendChunks(req, res, chunks, coding);
  });

  router.get('/collections/:collectionId/items/:featureId', async (req, res) => {
    const def = deps.readable(req);
    const shape = parseFeatureQuery(def, req.query as RawQuery);
    const id = req.params.featureId;
    // An id that breaks the id rule cannot exist; one outside the jurisdiction answers as if it did not either.
    const found = isFeatureId(id) ? await deps.features.get(def, id, readScope(req), readLayerView(req), shape) : undefined;
    if (!found || !found.inScope) throw notFound('FEATURE_NOT_FOUND', `No feature "${quotedId(id)}" in "${def.id}"`);
    const feature = found.feature;
    const self = `${deps.baseOf(req)}/collections/${encodeURIComponent(def.id)}`;
    setCommon(res, def, shape.crs?.uri ?? CRS84);
    res.type(GEOJSON);
    const body = {
      type: 'Feature',
      id: feature.id,
      geometry: feature.geometry,
      properties: feature.properties,
      links: [
        { href: `${self}/items/${encodeURIComponent(String(feature.id))}`, rel: 'self', type: GEOJSON },
        { href: self, rel: 'collection', type: JSON_TYPE },
      ],
    };
    await sendChunks(req, res, [JSON.stringify(body)], negotiateCoding(req));
  });

  const schemaRoute = (kind: 'queryables' | 'sortables') =>
    router.get(`/collections/:collectionId/${kind}`, (req, res) => {
      const def = deps.readable(req);
      const hidden = hiddenFor(def, readLayerView(req));
      const self = `${deps.baseOf(req)}/collections/${encodeURIComponent(def.id)}/${kind}`;
      const doc =
        kind === 'queryables'
          ? schemaDocument(def.id, self, `${def.title.en}: queryables`, def, [...queryables(def, hidden).values()].flatMap((q) => (q.prop ? [q.prop] : [])), true)
          : schemaDocument(def.id, self, `${def.title.en}: sortables`, def, sortables(def, hidden), false);
      res.set('Cache-Control', 'private, max-age=300').type(SCHEMA_JSON).send(JSON.stringify(doc));
    });
  schemaRoute('queryables');
  schemaRoute('sortables');
}
