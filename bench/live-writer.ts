/**
 * The live bench's writer, in its own process so that the clients' work cannot slow it down: commits RATE
 * changes a second for SECONDS (UPDATEs of 40 incidents per transaction; bigger transactions, up to 200 rows,
 * catch up when commits fall behind: numbering at commit grows faster than linearly with the transaction's
 * size, 40 rows ≈ 12 ms, 400 ≈ 100 ms, 2,000 ≈ 1.1 s, so unbounded catch-up spirals), stops at SECONDS × 1.5, prints { from, to, written, seconds, cpuSeconds } as JSON.
 * Env: DATABASE_URL, RATE, SECONDS, ROWS.
 */
import { openPostgres } from '../server/db/core/postgres.ts';
import { headSeq } from '../server/db/live/changes-repository.ts';
import { createLogger } from '../server/logger.ts';

const RATE = Number(process.env.RATE);
const SECONDS = Number(process.env.SECONDS);
const ROWS = Number(process.env.ROWS);
const PER_TX = 40;
const MAX_TX = 200;

const db = await openPostgres(process.env.DATABASE_URL!, createLogger('error'), 2);
const from = await headSeq(db);
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
let written = 0;
const total = RATE * SECONDS;
while (written < total && elapsed() < SECONDS * 1.5) {
  const due = Math.min(total, Math.floor(elapsed() * RATE));
  if (due - written < PER_TX && due < total) {
    await new Promise((r) => setTimeout(r, 5));
    continue;
  }
  const n = Math.min(MAX_TX, ROWS, due - written);
  const ids = Array.from({ length: n }, (_, k) => `LB-${String((written + k) % ROWS).padStart(5, '0')}`);
  await db.query(`UPDATE incidents SET rework_count = rework_count + 1, updated_at = now() WHERE id = ANY($1::text[])`, [ids]);
  written += n;
}
const seconds = elapsed();
const cpu = process.cpuUsage();
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(`${JSON.stringify({ from, to: await headSeq(db), written, seconds, cpuSeconds })}\n`);
await db.close();
