/**
 * The OpenAPI 3.0 definition served at /ogc/api, generated from the registry: one items path per
 * collection with its own filter parameters. Pure.
 */
import { COLLECTION_IDS, COLLECTIONS, type CollectionDef, type PropertyDef } from '../../protocol/collections.ts';
import { LIMIT_DEFAULT, LIMIT_MAX, OFFSET_MAX } from './ogc-params.ts';
import { temporalProperty } from '../../domain/features/datetime.ts';
import { SERVICE_TITLE } from './ogc-documents.ts';
import { CRS_LIST } from '../../domain/geo/crs.ts';

const CRS_URIS = CRS_LIST.map((c) => c.uri);
const json = (schema: object, type = 'application/json') => ({ content: { [type]: { schema } } });
const errorResponse = (description: string) => ({ description, ...json({ $ref: '#/components/schemas/Error' }) });

/** The standard items parameters, inlined in every path (GDAL reads `limit` there to size its pages). */
const PARAMETERS = {
  bbox: {
    name: 'bbox', in: 'query', required: false, style: 'form', explode: false,
    description: 'minLng,minLat,maxLng,maxLat in CRS84 (6 numbers with heights are accepted; heights are ignored).',
    schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
  },
  limit: {
    name: 'limit', in: 'query', required: false, style: 'form', explode: false,
    schema: { type: 'integer', minimum: 1, maximum: LIMIT_MAX, default: LIMIT_DEFAULT },
  },
  offset: {
    name: 'offset', in: 'query', required: false, description: 'Features to skip (the next/prev links carry it).',
    schema: { type: 'integer', minimum: 0, maximum: OFFSET_MAX, default: 0 },
  },
  datetime: {
    name: 'datetime', in: 'query', required: false, style: 'form', explode: false,
    description: 'RFC 3339 instant or interval (start/end, ../end, start/..).',
    schema: { type: 'string' },
  },
  bboxCrs: { name: 'bbox-crs', in: 'query', required: false, description: 'The CRS of bbox (default CRS84).', schema: { type: 'string', format: 'uri', enum: CRS_URIS } },
  crs: { name: 'crs', in: 'query', required: false, description: 'The CRS of the answer (Content-Crs says which); EPSG:4326 and 4490 are lat,lng.', schema: { type: 'string', format: 'uri', enum: CRS_URIS } },
  filter: { name: 'filter', in: 'query', required: false, description: 'A CQL2 filter on the queryables (see /collections/{id}/queryables).', schema: { type: 'string' } },
  filterLang: { name: 'filter-lang', in: 'query', required: false, schema: { type: 'string', enum: ['cql2-text', 'cql2-json'], default: 'cql2-text' } },
  filterCrs: { name: 'filter-crs', in: 'query', required: false, description: 'The CRS of geometry literals in filter (default CRS84).', schema: { type: 'string', format: 'uri', enum: CRS_URIS } },
  sortby: { name: 'sortby', in: 'query', required: false, style: 'form', explode: false, description: '+name,-updated_at (sortables: /collections/{id}/sortables).', schema: { type: 'array', items: { type: 'string' } } },
  properties: { name: 'properties', in: 'query', required: false, style: 'form', explode: false, description: 'The properties to return.', schema: { type: 'array', items: { type: 'string' } } },
  skipGeometry: { name: 'skipGeometry', in: 'query', required: false, schema: { type: 'boolean', default: false } },
};

const SHAPE = [PARAMETERS.crs, PARAMETERS.properties, PARAMETERS.skipGeometry];

function schemaOf(p: PropertyDef): object {
  const base: Record<string, unknown> =
    p.type === 'date-time' ? { type: 'string', format: 'date-time' }
    : p.type === 'date' ? { type: 'string', format: 'date' }
    : { type: p.type };
  if (p.codes) base.enum = Object.keys(p.codes).map((c) => (p.type === 'integer' ? Number(c) : c));
  return { ...base, title: p.title.zh, description: p.title.en, nullable: true };
}

function filterParams(def: CollectionDef): object[] {
  return def.properties
    .filter((p) => p.filterable)
    .map((p) => ({
      name: p.name,
      in: 'query',
      required: false,
      description: `Equality filter on ${p.name} (${p.title.en}); repeat the parameter for any of several values.`,
      schema: schemaOf(p),
      style: 'form',
      explode: true,
    }));
}

function itemsPath(def: CollectionDef): object {
  const temporal = temporalProperty(def);
  return {
    get: {
      summary: `${def.title.zh} ${def.title.en}: features`,
      operationId: `getItems_${def.id.replace(/-/g, '_')}`,
      tags: ['Data'],
      parameters: [
        PARAMETERS.bbox, PARAMETERS.bboxCrs, PARAMETERS.limit, PARAMETERS.offset, ...(temporal ? [PARAMETERS.datetime] : []),
        PARAMETERS.filter, PARAMETERS.filterLang, PARAMETERS.filterCrs, PARAMETERS.sortby, ...SHAPE, ...filterParams(def),
      ],
      responses: {
        200: {
          description: `GeoJSON FeatureCollection${temporal ? `; datetime filters on ${temporal}` : ''}.`,
          ...json({ $ref: '#/components/schemas/FeatureCollection' }, 'application/geo+json'),
        },
        400: errorResponse('Malformed or out-of-range parameter, or unknown parameter.'),
        404: errorResponse('Unknown collection.'),
      },
    },
  };
}

function featurePath(def: CollectionDef): object {
  return {
    get: {
      summary: `${def.title.en}: one feature by ${def.idProperty}`,
      operationId: `getItem_${def.id.replace(/-/g, '_')}`,
      tags: ['Data'],
      parameters: [{ name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }, ...SHAPE],
      responses: {
        200: { description: 'A GeoJSON Feature.', ...json({ type: 'object' }, 'application/geo+json') },
        404: errorResponse('Unknown collection or feature.'),
      },
    },
  };
}

const simple = (summary: string, operationId: string) => ({
  get: { summary, operationId, tags: ['Capabilities'], responses: { 200: { description: summary, ...json({ type: 'object' }) } } },
});

export function openApi(base: string): object {
  const paths: Record<string, object> = {
    '/': simple('Landing page', 'getLandingPage'),
    '/conformance': simple('Conformance classes', 'getConformance'),
    '/api': simple('This API definition', 'getApi'),
    '/collections': simple('Feature collections', 'getCollections'),
    '/collections/{collectionId}': {
      get: {
        summary: 'One feature collection',
        operationId: 'getCollection',
        tags: ['Capabilities'],
        parameters: [{ name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: [...COLLECTION_IDS] } }],
        responses: { 200: { description: 'Collection metadata', ...json({ type: 'object' }) }, 404: errorResponse('Unknown collection.') },
      },
    },
  };
  for (const id of COLLECTION_IDS) {
    paths[`/collections/${id}/items`] = itemsPath(COLLECTIONS[id]);
    paths[`/collections/${id}/items/{featureId}`] = featurePath(COLLECTIONS[id]);
    for (const kind of ['queryables', 'sortables']) {
      paths[`/collections/${id}/${kind}`] = {
        get: {
          summary: `${COLLECTIONS[id].title.en}: ${kind} (JSON Schema)`,
          operationId: `get${kind === 'queryables' ? 'Queryables' : 'Sortables'}_${id.replace(/-/g, '_')}`,
          tags: ['Capabilities'],
          responses: { 200: { description: `The ${kind}`, ...json({ type: 'object' }, 'application/schema+json') } },
        },
      };
    }
  }
  return {
    openapi: '3.0.3',
    info: { title: SERVICE_TITLE, version: '1.0.0', description: 'OGC API - Features Part 1 (Core, GeoJSON, OAS 3.0), Part 2 (CRS by reference), Part 3 (Filtering: CQL2 text and JSON, queryables), sorting.' },
    servers: [{ url: base }],
    paths,
    components: {
      schemas: {
        FeatureCollection: {
          type: 'object',
          required: ['type', 'features'],
          properties: {
            type: { type: 'string', enum: ['FeatureCollection'] },
            features: { type: 'array', items: { type: 'object' } },
            links: { type: 'array', items: { type: 'object' } },
            timeStamp: { type: 'string', format: 'date-time' },
            numberMatched: { type: 'integer', minimum: 0 },
            numberReturned: { type: 'integer', minimum: 0 },
          },
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
            },
          },
        },
      },
    },
  };
}
