/**
 * The audit log in the database: append-only triggers, chain-extension check, gap-free concurrent appends,
 * and `npm run audit:verify` catching a row altered or removed behind the triggers' back.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { appendAudit, auditRows, listAudit } from '../../server/db/auth/audit-repository.ts';
import { verifyChain, type AuditEntry } from '../../server/auth/audit-chain.ts';
import { runAuditVerify } from '../../server/scripts/audit-verify.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.dispose());

const entry = (i: number): AuditEntry => ({
  actorKind: 'user', actorId: String(i), actorName: `用户${i}`, actorRole: 'dispatcher', action: 'incident.transition',
  targetType: 'incident', targetId: `E${i}`, outcome: 'ok', ip: '192.0.2.1', userAgent: 'vitest',
  details: { from: 'ACCEPTED', to: 'DISPATCHED', n: i, nested: { z: [1, 2.5, null], a: '安阳' } },
});

async function verify() {
  const lines: string[] = [];
  const code = await runAuditVerify(t.db, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

/** Bypasses the append-only trigger as the database owner would (the attack audit:verify must catch). */
async function behindTheTriggersBack(sql: string, params: unknown[] = []) {
  await t.db.transaction(async (tx) => {
    await tx.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    await tx.query(sql, params);
    await tx.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
  });
}

describe('audit log', () => {
  it('serialises concurrent appends into a gap-free chain', async () => {
    await Promise.all(Array.from({ length: 60 }, (_, i) => appendAudit(t.db, entry(i))));
    const rows = await listAudit(t.db, { limit: 1000 });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(rows.length).toBeGreaterThanOrEqual(60);
    const result = await verifyChain(auditRows(t.db, 7)); // small pages: paging must not matter
    expect(result).toMatchObject({ ok: true, count: rows.length });
    expect(rows.find((r) => r.actorId === '5')?.details).toEqual(entry(5).details);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(t.db.query(`UPDATE audit_log SET actor_name = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await verify()).code).toBe(0);
  });

  it('refuses an insert that does not extend the chain', async () => {
    const [last] = (await listAudit(t.db, { limit: 1000 })).slice(-1);
    const insert = (seq: number, prev: string) =>
      t.db.query(
        `INSERT INTO audit_log (seq, at, actor_kind, action, outcome, prev_hash, hash) VALUES ($1, now(), 'system', 'forged', 'ok', $2, $3)`,
        [seq, prev, 'f'.repeat(64)],
      );
    await expect(insert(last!.seq + 2, last!.hash)).rejects.toThrow(/out of chain/);
    await expect(insert(last!.seq + 1, 'e'.repeat(64))).rejects.toThrow(/out of chain/);
  });

  it('audit:verify names the first altered row', async () => {
    expect((await verify()).code).toBe(0);
    await behindTheTriggersBack(`UPDATE audit_log SET actor_name = '别人' WHERE seq = 17`);
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/first bad row is seq 17 \(hash\)/);
    expect(r.text).toMatch(/16 rows before it are intact/);
    await behindTheTriggersBack(`UPDATE audit_log SET actor_name = '用户' || actor_id WHERE seq = 17`);
    expect((await verify()).code).toBe(0); // restoring the exact content restores the chain
  });

  it('audit:verify finds a deleted row, and cut-off rows against a recorded head', async () => {
    const rows = await listAudit(t.db, { limit: 1000 });
    const head = { seq: rows[rows.length - 1]!.seq, hash: rows[rows.length - 1]!.hash };
    expect(await runAuditVerify(t.db, () => undefined, head)).toBe(0);
    await behindTheTriggersBack('DELETE FROM audit_log WHERE seq = $1', [head.seq]);
    expect((await verify()).code).toBe(0); // the chain alone cannot see a cut end...
    const lines: string[] = [];
    expect(await runAuditVerify(t.db, (l) => lines.push(l), head)).toBe(1); // ...the recorded head can
    expect(lines.join('\n')).toMatch(new RegExp(`recorded head seq ${head.seq} is missing`));
    await behindTheTriggersBack('DELETE FROM audit_log WHERE seq = 30');
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/first bad row is seq 31 \(gap\)/);
  });

  it.runIf(process.env.TEST_DATABASE_URL)('npm run audit:verify exits 1 on the tampered database and 0 on an intact one', async () => {
    const run = (url: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.resolve('server/scripts/audit-verify.ts')], {
        env: { ...process.env, DATABASE_URL: url },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const bad = run(t.url!);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/TAMPERED: first bad row is seq 31/);
    const fresh = await openTestDatabase();
    try {
      await appendAudit(fresh.db, entry(1));
      const good = run(fresh.url!);
      expect(good.status, good.stderr).toBe(0);
      expect(good.stdout).toMatch(/audit log OK: \d+ rows/);
    } finally {
      await fresh.dispose();
    }
  });
});
