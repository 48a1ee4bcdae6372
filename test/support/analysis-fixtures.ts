/** Warnings for tests that need some (access matrix, route spellings): raised as the analysis raises them. */
import type { Database } from '../../server/db/core/database.ts';
import { raiseWarnings } from '../../server/db/analysis/warnings-repository.ts';

/** Raises an ACTIVE warning on the first grid of `district` for `cause`; returns its id. */
export async function seedWarning(db: Database, district: string, cause: string): Promise<string> {
  const { rows } = await db.query<{ code: string }>('SELECT code FROM grids WHERE district_code = $1 ORDER BY code LIMIT 1', [district]);
  const grid = rows[0]!.code;
  await db.transaction((tx) =>
    raiseWarnings(tx, [{
      kind: 'RISK_RISE', level: 2, title: `测试预警 ${cause}`, reason: '测试', evidence: { test: true }, causeKey: `TEST:${cause}`, area: { gridCodes: [grid] },
    }]),
  );
  const { rows: w } = await db.query<{ id: string }>(`SELECT id FROM warnings WHERE cause_key = $1 AND status <> 'LIFTED'`, [`TEST:${cause}`]);
  return w[0]!.id;
}
