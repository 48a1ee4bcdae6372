/**
 * `npm start`'s prestart: builds the client (vite build → dist/client) when dist/client is missing or older
 * than any file under client/ (sources, public assets, index.html) or the shared protocol it imports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const built = path.join(root, 'dist/client/index.html');
const INPUTS = ['client/index.html', 'client/src', 'client/public', 'server/protocol', 'vite.config.ts'];

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((name) => newest(path.join(p, name))));
}

const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(...INPUTS.map((p) => newest(path.join(root, p))));
if (builtAt >= sourcesAt) {
  console.log('client build is up to date (dist/client)');
} else {
  console.log(builtAt ? 'client sources changed: building the client…' : 'no client build yet: building the client…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
