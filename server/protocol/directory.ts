/**
 * Wire types of the directory endpoints — GET /api/search and GET /api/admin-units/{code}/children.
 * Both the server's repositories and the client import them from here. Boxes are EPSG:4326
 * [minLng, minLat, maxLng, maxLat]; points [lng, lat].
 */
import type { CollectionId } from './collections.ts';

export interface SearchHit {
  collection: CollectionId;
  id: string;
  label: string;
  sublabel: string;
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
  /** How many children the node has (for a grid: 0). */
  childCount: number;
}

export interface OrgBranch {
  node: OrgNode;
  /** From the city down to the node's parent. */
  path: OrgNode[];
  children: OrgNode[];
}
