/**
 * The org tree: 安阳市 › 区县 › 乡镇街道 › 村社区 › 网格. Admin units come from admin_units (levels 1-4);
 * below a community the children are its grids (level 5 here, the tree's last step).
 * Boxes are EPSG:4326 [minLng, minLat, maxLng, maxLat].
 */
import type { Queryable } from '../core/database.ts';
import type { OrgBranch, OrgNode } from '../../protocol/directory.ts';

export type { OrgBranch, OrgNode };

type NodeRow = {
  code: string;
  name: string;
  level: number;
  level_label: string;
  parent_code: string | null;
  x0: number | null;
  y0: number | null;
  x1: number | null;
  y1: number | null;
  child_count: number;
  lx: number | null;
  ly: number | null;
};

/** The box, and one point inside the area for its name (a label placed once, never outside a concave area). */
const LABEL_AT = `ST_PointOnSurface(CASE WHEN geom_valid THEN geom ELSE ST_CollectionExtract(ST_MakeValid(geom), 3) END)`;
const BOX = `ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1,
  ST_X(${LABEL_AT}) AS lx, ST_Y(${LABEL_AT}) AS ly`;
const ADMIN_CHILDREN = `(SELECT count(*) FROM admin_units c WHERE c.parent_code = a.code)
  + (SELECT count(*) FROM grids g WHERE g.community_code = a.code)`;
const ADMIN_SELECT = `SELECT code, name, level, level_label, parent_code, ${BOX}, (${ADMIN_CHILDREN})::integer AS child_count
  FROM admin_units a`;
const GRID_SELECT = `SELECT code, name, 5 AS level, type_label AS level_label, community_code AS parent_code, ${BOX},
  0 AS child_count FROM grids`;

function toNode(r: NodeRow): OrgNode {
  const box = r.x0 === null || r.y0 === null || r.x1 === null || r.y1 === null ? null : ([r.x0, r.y0, r.x1, r.y1].map(Number) as OrgNode['bbox']);
  return {
    code: r.code,
    name: r.name,
    level: Number(r.level),
    levelLabel: r.level_label,
    parentCode: r.parent_code,
    bbox: box,
    label: r.lx === null || r.ly === null ? null : [Number(r.lx), Number(r.ly)],
    childCount: Number(r.child_count),
  };
}

/** The codes above a node, from the most general: 410500 › 410502 › 410502001 › 410502001001. */
export function ancestorCodes(code: string): string[] {
  const out: string[] = [];
  if (code.length > 6) out.push(code.slice(0, 6));
  if (code.length > 9) out.push(code.slice(0, 9));
  if (code.length > 12) out.push(code.slice(0, 12));
  return out;
}

export async function findOrgNode(db: Queryable, code: string): Promise<OrgNode | null> {
  const sql = code.length === 15 ? `${GRID_SELECT} WHERE code = $1` : `${ADMIN_SELECT} WHERE code = $1`;
  const { rows } = await db.query<NodeRow>(sql, [code]);
  return rows[0] ? toNode(rows[0]) : null;
}

/** The node, its ancestors and its children (admin units, or grids below a community); null when unknown. */
export async function orgBranch(db: Queryable, code: string): Promise<OrgBranch | null> {
  const node = await findOrgNode(db, code);
  if (!node) return null;
  const [pathRows, childRows] = await Promise.all([
    db.query<NodeRow>(`${ADMIN_SELECT} WHERE code = ANY($1::text[]) ORDER BY level`, [[...parentChain(node)]]),
    node.level >= 5
      ? Promise.resolve({ rows: [] as NodeRow[] })
      : db.query<NodeRow>(
          node.level === 4
            ? `${GRID_SELECT} WHERE community_code = $1 ORDER BY code`
            : `${ADMIN_SELECT} WHERE parent_code = $1 ORDER BY code`,
          [code],
        ),
  ]);
  return { node, path: pathRows.rows.map(toNode), children: childRows.rows.map(toNode) };
}

/** The codes above a node: the city (its first four digits + "00"), then the code's own prefixes. */
function parentChain(node: OrgNode): string[] {
  if (node.level <= 1) return [];
  const city = `${node.code.slice(0, 4)}00`;
  return [...new Set([city, ...ancestorCodes(node.code)])].filter((c) => c !== node.code);
}
