/**
 * Wire types of the directory endpoints — GET /api/search and GET /api/admin-units/{code}/children.
 * Both the server's repositories and the client import them from here. Boxes are EPSG:4326
 * [minLng, minLat, maxLng, maxLat]; points [lng, lat].
 */
import type { CollectionId } from './collections.ts';

/** What a search result is, for grouping: places (admin units, grids, key places) before events and assets. */
export type SearchGroup = 'place' | 'event' | 'asset';
export const SEARCH_GROUPS: readonly SearchGroup[] = ['place', 'event', 'asset'];

export interface SearchHit {
  collection: CollectionId;
  id: string;
  label: string;
  /** What tells it apart: its kind, status, address, code (cameras: status, address and the id's serial). */
  sublabel: string;
  group: SearchGroup;
  /** The admin areas it lies in, coarse to fine (e.g. 文峰区 · 东大街街道); absent when unknown. */
  area?: string;
  bbox?: [number, number, number, number];
  point?: [number, number];
}

/** A node of the org tree: 安阳市 › 区县 › 乡镇街道 › 村社区 › 网格. */
export interface OrgNode {
  code: string;
  name: string;
  /** 1 city, 2 district, 3 street/township, 4 community/village, 5 grid. */
  level: number;
  levelLabel: string;
  parentCode: string | null;
  bbox: [number, number, number, number] | null;
  /** A point inside the area where its name is drawn (ST_PointOnSurface): one label per area. */
  label: [number, number] | null;
  /** How many children the node has (for a grid: 0). */
  childCount: number;
}

export interface OrgBranch {
  node: OrgNode;
  /** From the city down to the node's parent. */
  path: OrgNode[];
  children: OrgNode[];
}
