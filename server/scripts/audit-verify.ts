/**
 * npm run audit:verify [-- --head <seq>:<hash>]
 *
 * Recomputes the audit log's hash chain on DATABASE_URL (or the embedded store under DATA_DIR; stop the
 * server first, an embedded store has one user at a time). Exit 0 when every row is intact, 1 naming the
 * first bad row, 2 for bad usage or an unreachable database. With --head (a seq:hash printed by an earlier
 * run and kept elsewhere) it also proves that no rows were cut off the end since then.
 */
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openDatabase } from '../db/core/open.ts';
import type { Queryable } from '../db/core/database.ts';
import { auditLogExists, auditRows } from '../db/auth/audit-repository.ts';
import { verifyChain } from '../auth/audit-chain.ts';

export interface RecordedHead {
  seq: number;
  hash: string;
}

export function parseHead(arg: string | undefined): RecordedHead | undefined {
  if (arg === undefined) return undefined;
  const m = /^([1-9][0-9]*):([0-9a-f]{64})$/.exec(arg);
  if (!m) throw new Error(`--head must be <seq>:<64 hex digits>, got "${arg}"`);
  return { seq: Number(m[1]), hash: m[2]! };
}

/** Verifies and reports; returns the exit code. */
export async function runAuditVerify(db: Queryable, print: (line: string) => void, head?: RecordedHead): Promise<0 | 1> {
  const recorded = new Map<number, string>();
  const rows = (async function* () {
    for await (const r of auditRows(db)) {
      if (head && r.seq === head.seq) recorded.set(r.seq, r.hash);
      yield r;
    }
  })();
  const result = await verifyChain(rows);
  if (!result.ok) {
    print(`audit log TAMPERED: first bad row is seq ${result.problem.seq} (${result.problem.reason}): ${result.problem.message}`);
    print(`${result.count} rows before it are intact.`);
    return 1;
  }
  if (head && recorded.get(head.seq) !== head.hash) {
    print(`audit log TAMPERED: the recorded head seq ${head.seq} ${recorded.has(head.seq) ? 'has a different hash' : 'is missing (rows were cut off the end)'}`);
    return 1;
  }
  const h = result.head;
  print(`audit log OK: ${result.count} rows, chain intact${h ? `; head ${h.seq}:${h.hash}` : ' (empty)'}`);
  if (h) print('Keep the head somewhere else (a ticket, a printout) and pass it as --head next time to detect truncation.');
  return 0;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const i = args.indexOf('--head');
  let head: RecordedHead | undefined;
  try {
    head = parseHead(i >= 0 ? args[i + 1] ?? '' : undefined);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }, createLogger('warn'));
  try {
    if (!(await auditLogExists(db))) {
      console.error('audit:verify: this database has no audit_log table (start the server once to run the migrations)');
      return 2;
    }
    return await runAuditVerify(db, (line) => console.log(line), head);
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`audit:verify could not run: ${err.message}`);
      process.exit(2);
    },
  );
}
