/**
 * Link building for OGC API - Features responses. Pure: takes the absolute base URL (scheme, host and
 * mount path, e.g. http://host:8080/ogc) and returns link objects.
 */
import type { RawQuery } from './ogc-params.ts';

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

export const GEOJSON = 'application/geo+json';
export const JSON_TYPE = 'application/json';
export const OPENAPI = 'application/vnd.oai.openapi+json;version=3.0';

/** The query as URLSearchParams in a stable order, with `overrides` applied (undefined removes). */
export function queryString(query: RawQuery, overrides: Record<string, string | undefined> = {}): string {
  const out = new URLSearchParams();
  const names = new Set([...Object.keys(query), ...Object.keys(overrides)]);
  for (const name of [...names].sort()) {
    if (name in overrides) {
      const v = overrides[name];
      if (v !== undefined) out.append(name, v);
      continue;
    }
    const v = query[name];
    for (const one of Array.isArray(v) ? v : [v]) if (typeof one === 'string') out.append(name, one);
  }
  const s = out.toString();
  return s ? `?${s}` : '';
}

export interface PageInfo {
  offset: number;
  limit: number;
  returned: number;
  matched: number;
}

/** self, alternate-less paging links (next/prev, offset based) and the collection link of an items page. */
export function itemsLinks(base: string, collectionId: string, query: RawQuery, page: PageInfo): Link[] {
  const items = `${base}/collections/${encodeURIComponent(collectionId)}/items`;
  const at = (offset: number) =>
    `${items}${queryString(query, { offset: offset > 0 ? String(offset) : undefined, limit: String(page.limit) })}`;
  const links: Link[] = [
    { href: `${items}${queryString(query)}`, rel: 'self', type: GEOJSON, title: 'This page' },
    { href: `${base}/collections/${encodeURIComponent(collectionId)}`, rel: 'collection', type: JSON_TYPE, title: 'The collection' },
  ];
  if (page.offset + page.returned < page.matched) {
    links.push({ href: at(page.offset + page.returned), rel: 'next', type: GEOJSON, title: 'Next page' });
  }
  if (page.offset > 0) {
    links.push({ href: at(Math.max(0, Math.min(page.offset - page.limit, page.matched - page.limit))), rel: 'prev', type: GEOJSON, title: 'Previous page' });
  }
  return links;
}
