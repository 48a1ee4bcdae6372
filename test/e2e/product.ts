/**
 * Starts the product as the README says — `npm start` (which builds the client when needed) — on a port of
 * its own, against a fresh embedded database in a temp dir (or E2E_DATABASE_URL, a PostGIS database),
 * waits for /api/health to be 200, and stops the whole process group afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The first admin's password: the policy wants 10+ characters of three classes and never the username. */
export const ADMIN_PASSWORD = 'Pingan-E2e-Root-2026';

export interface Product {
  base: string;
  log(): string;
  stop(): Promise<void>;
}

export interface ProductOptions {
  databaseUrl?: string;
  readyTimeoutMs?: number;
  /** Arguments after `npm start --`, e.g. ['--simulate'] (the simulator inside the server). */
  args?: readonly string[];
  /**
   * An embedded database directory that outlives the product (a restart keeps its data; the caller removes it);
   * default a fresh temp dir removed on stop. Ignored with a databaseUrl.
   */
  dataDir?: string;
}

export async function startProduct(port: number, opts: ProductOptions = {}): Promise<Product> {
  const readyTimeoutMs = opts.readyTimeoutMs ?? 20 * 60_000;
  const databaseUrl = opts.databaseUrl ?? process.env.E2E_DATABASE_URL;
  // For iterating on the tests only: reuse a product that is already running.
  if (process.env.E2E_BASE_URL) return { base: process.env.E2E_BASE_URL, log: () => '', stop: async () => undefined };
  const root = path.resolve(import.meta.dirname, '../..');
  const ownDir = !databaseUrl && !opts.dataDir;
  const dataDir = databaseUrl ? null : (opts.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'pingan-e2e-'))));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    ADMIN_PASSWORD,
    ...(dataDir ? { DATA_DIR: dataDir, DATABASE_URL: '' } : { DATABASE_URL: databaseUrl }),
  };
  const args = opts.args?.length ? ['--', ...opts.args] : [];
  const child: ChildProcess = spawn('npm', ['start', ...args], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    if (dataDir && ownDir) await rm(dataDir, { recursive: true, force: true });
  };
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    const status = await fetch(`${base}/api/health`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (Date.now() - started > readyTimeoutMs) {
      await stop();
      throw new Error(`the product was not ready after ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { base, log: () => output, stop };
}

/** Signs in as the first admin; returns headers for writes (session cookie + CSRF token). */
export async function adminHeaders(base: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (!res.ok) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken?: string };
  const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  return { cookie, 'x-csrf-token': body.csrfToken ?? '' };
}
