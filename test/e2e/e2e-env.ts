/**
 * What the e2e global setup (global-setup.ts) hands every test file: the one running product, the accounts
 * it created through the admin API, and tokens (the runner's own API calls; a wall display).
 */
import { inject } from 'vitest';

export interface Account {
  username: string;
  password: string;
  role: string;
  adminCode: string;
}

export interface E2eEnv {
  base: string;
  /** Headers of the first admin's session (cookie + CSRF token), for the admin API and writes. */
  admin: Record<string, string>;
  /** A city-wide dispatcher token for the test runner's own API reads and writes. */
  apiToken: string;
  /** A city-wide wall display token (the browser opens /?token=…). */
  wallToken: string;
  dispatcher: Account;
  /** A viewer of 文峰区 (410502). */
  viewer: Account;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eEnv;
  }
}

/**
 * The shared product of `npm run test:e2e`; run under another config (plain `npm test`, which has no e2e
 * global setup) the file starts its own product on `fallbackPort` and stops it in release().
 */
export async function acquireE2e(fallbackPort: number): Promise<{ env: E2eEnv; release(): Promise<void> }> {
  const provided = inject('e2e') as E2eEnv | undefined;
  if (provided) return { env: provided, release: async () => undefined };
  const { provisionProduct } = await import('./global-setup.ts');
  const { env, stop } = await provisionProduct(fallbackPort);
  return { env, release: stop };
}

/** fetch with the runner's Bearer token. */
export function apiFetch(env: E2eEnv, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${env.base}${path}`, { ...init, headers: { authorization: `Bearer ${env.apiToken}`, ...(init.headers as Record<string, string> | undefined) } });
}
