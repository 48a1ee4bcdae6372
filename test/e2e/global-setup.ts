/**
 * Starts the product once for every e2e file (`npm start` on E2E_PORT, default 8151; see product.ts), then
 * provisions through the admin API what the tests play: a city dispatcher and a 文峰区 (410502) viewer, a
 * dispatcher token for the runner's own calls and a wall display token. Stops the product afterwards.
 */
import type { TestProject } from 'vitest/node';
import type { Account, E2eEnv } from './e2e-env.ts';
import { adminHeaders, startProduct, type ProductOptions } from './product.ts';

const PORT = Number(process.env.E2E_PORT ?? 8151);

export const DISPATCHER: Account = { username: 'e2e-dispatcher', password: 'Harbour-Lamp-7391', role: 'dispatcher', adminCode: '410500' };
export const VIEWER: Account = { username: 'e2e-viewer', password: 'Willow-Stone-5826', role: 'viewer', adminCode: '410502' };

async function post(base: string, path: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Creates the user (a database reused from an earlier run already has it: 409 is fine). */
async function ensureUser(base: string, admin: Record<string, string>, a: Account): Promise<void> {
  const res = await post(base, '/api/users', admin, { username: a.username, displayName: `E2E ${a.role}`, role: a.role, adminCode: a.adminCode, password: a.password });
  if (res.status !== 201 && res.status !== 409) throw new Error(`POST /api/users ${a.username}: ${res.status} ${await res.text()}`);
}

async function issueToken(base: string, admin: Record<string, string>, name: string, role: string): Promise<string> {
  const res = await post(base, '/api/auth/tokens', admin, { name, role, scope: '410500' });
  if (res.status !== 201) throw new Error(`POST /api/auth/tokens ${name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Starts the product on a port and provisions the accounts and tokens. */
export async function provisionProduct(port: number, opts: ProductOptions = {}): Promise<{ env: E2eEnv; stop(): Promise<void> }> {
  const product = await startProduct(port, opts);
  try {
    const admin = await adminHeaders(product.base);
    await ensureUser(product.base, admin, DISPATCHER);
    await ensureUser(product.base, admin, VIEWER);
    const env: E2eEnv = {
      base: product.base,
      admin,
      apiToken: await issueToken(product.base, admin, `e2e runner ${Date.now()}`, 'dispatcher'),
      wallToken: await issueToken(product.base, admin, `e2e wall ${Date.now()}`, 'wall'),
      dispatcher: DISPATCHER,
      viewer: VIEWER,
    };
    return { env, stop: () => product.stop() };
  } catch (err) {
    await product.stop();
    throw err;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { env, stop } = await provisionProduct(PORT);
  project.provide('e2e', env);
  return stop;
}
