/**
 * The change log (migration 003): reading it in commit order, its head and retention.
 * Records are numbered at commit under a lock, so `seq > cursor` never skips a late committer.
 */
import type { Geometry } from 'geojson';
import type { Database, Queryable } from '../core/database.ts';
import { toLiveFeature } from './changes-feature.ts';
import type { CollectionId } from '../../protocol/collections.ts';
import type { Bbox, LiveChange } from '../../protocol/live.ts';

/** NOTIFY channel; the payload is the highest seq of the committing transaction. */
export const CHANGE_CHANNEL = 'live_changes';

/**
 * A change as the server handles it: the wire change plus what the row was before — its geometry's box (area
 * filters) and its admin codes (jurisdiction) — never sent on the wire. Both null for inserts.
 */
export interface ChangeRecord extends LiveChange {
  oldBbox: Bbox | null;
  oldCodes: Readonly<Record<string, string>> | null;
}

interface ChangeRow {
  seq: number;
  layer: CollectionId;
  op: 'upsert' | 'delete';
  feature_id: string;
  row_data: Record<string, unknown> | null;
  geometry: Geometry | null;
  old_bbox: number[] | null;
  old_codes: Record<string, string> | null;
  committed_at: Date;
}

function toRecord(r: ChangeRow): ChangeRecord {
  const feature = r.op === 'upsert' && r.row_data && r.geometry ? toLiveFeature(r.layer, r.row_data, r.geometry) : null;
  return {
    seq: Number(r.seq),
    layer: r.layer,
    op: r.op,
    id: r.feature_id,
    feature,
    at: new Date(r.committed_at).toISOString(),
    oldBbox: r.old_bbox ? (r.old_bbox.map(Number) as unknown as Bbox) : null,
    oldCodes: r.old_codes ?? null,
  };
}

/** Changes with after < seq <= upto (upto omitted: no bound), in seq order, at most `limit`. */
export async function readChanges(db: Queryable, after: number, limit: number, upto?: number): Promise<ChangeRecord[]> {
  const { rows } = await db.query<ChangeRow & Record<string, unknown>>(
    `SELECT seq, layer, op, feature_id, row_data, geometry, old_bbox, old_codes, committed_at
     FROM change_log WHERE seq > $1 AND ($3::bigint IS NULL OR seq <= $3) ORDER BY seq LIMIT $2`,
    [after, limit, upto ?? null],
  );
  return rows.map(toRecord);
}

/**
 * The SQL expression of the head seq (the highest committed seq, 0 for an empty log). Records are numbered
 * at commit under a lock, so a statement's snapshot sees every record at or below the head it reads: other
 * queries embed it to say where their rows stand in the feed (the OGC items answer's X-Live-Seq).
 */
export const HEAD_SEQ_SQL = `GREATEST((SELECT max(seq) FROM change_log), (SELECT pruned_through FROM change_log_state))::bigint`;

/** The highest committed seq (0 for an empty log). */
export async function headSeq(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ head: number }>(`SELECT ${HEAD_SEQ_SQL} AS head`);
  return Number(rows[0]?.head ?? 0);
}

/** Changes at or below this seq are gone: a client whose last seq is below it must resync. */
export async function prunedThrough(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ p: number }>('SELECT pruned_through AS p FROM change_log_state');
  return Number(rows[0]?.p ?? 0);
}

/** Deletes records committed more than `retentionHours` ago; returns how many. Safe to run concurrently. */
export async function pruneChanges(db: Database, retentionHours: number): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ cut: number | null }>(
      `SELECT max(seq) AS cut FROM change_log WHERE committed_at < now() - make_interval(secs => $1::double precision)`,
      [retentionHours * 3600],
    );
    const cut = rows[0]?.cut;
    if (cut === null || cut === undefined) return 0;
    const res = await tx.query('DELETE FROM change_log WHERE seq <= $1', [cut]);
    await tx.query('UPDATE change_log_state SET pruned_through = GREATEST(pruned_through, $1)', [cut]);
    return res.rowCount;
  });
}

/** The bounding box of an admin unit (for `admin` subscriptions), or null when the code is unknown. */
export async function adminUnitBbox(db: Queryable, code: string): Promise<Bbox | null> {
  const { rows } = await db.query<{ x0: number; y0: number; x1: number; y1: number }>(
    `SELECT ST_XMin(b) AS x0, ST_YMin(b) AS y0, ST_XMax(b) AS x1, ST_YMax(b) AS y1
     FROM (SELECT ST_Envelope(geom)::box2d AS b FROM admin_units WHERE code = $1) s`,
    [code],
  );
  const r = rows[0];
  return r ? [Number(r.x0), Number(r.y0), Number(r.x1), Number(r.y1)] : null;
}
