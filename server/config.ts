/**
 * Configuration: the environment, parsed and validated once at start.
 * Every name here is a contract (README "Configuration"); a bad value stops the process with a clear message.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65_535);

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** One entry of TRUST_PROXY: a named range of Express, an IP address, or an address/prefix (CIDR). */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [addr, prefix, ...rest] = entry.split('/');
  const family = isIP(addr ?? '');
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY → Express's `trust proxy`: false (unset, `false`, `0`: X-Forwarded-* are ignored, the client is the
 * socket's peer), a hop count `1`..`9`, or a comma-separated list of proxies (`loopback`, `linklocal`,
 * `uniquelocal`, IP addresses, CIDR ranges). `true` (trust anyone) is refused.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((s, ctx): false | number | string[] => {
    if (s === '' || s === 'false' || s === '0') return false;
    if (/^[1-9]$/.test(s)) return Number(s);
    const entries = s.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => !isProxyEntry(e));
    if (!entries.length || bad.length) {
      ctx.addIssue({ code: 'custom', message: `must be false, a hop count 1-9, or a list of loopback/linklocal/uniquelocal/IP/CIDR (bad: ${bad.join(', ').slice(0, 80) || s.slice(0, 40)})` });
      return z.NEVER;
    }
    return entries;
  });

const schema = z.object({
  PORT: port.default(8080),
  /** A PostgreSQL URL with PostGIS 3; unset means the embedded PGlite store under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Where the embedded database keeps its files. */
  DATA_DIR: z.string().min(1).default('./.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed of the generated Anyang layers: the same seed gives the same city. */
  DATA_SEED: z.coerce.number().int().min(0).default(410500),
  /** Multiplies the generated point layers (benchmarks use 10; tests use a fraction). */
  DATA_SCALE: z.coerce.number().positive().max(20).default(1),
  /** Used by the live feed for cross-process emits (socket.io Redis adapter). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  /** An external MapLibre style (Tianditu, the city's own tiles); unset means the offline basemap. */
  BASEMAP_STYLE_URL: z.string().url().optional(),
  /** Password of the first admin account; unset means one is generated and printed once. */
  ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Minutes between scheduled risk gradings of every grid (issue 12); 0 switches the schedule off. */
  RISK_RECOMPUTE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  /** How long the change log keeps records for resuming clients. */
  CHANGE_RETENTION_HOURS: z.coerce.number().positive().default(24),
  /**
   * Read permissions anonymous callers get (a deployment's public map), comma-separated; default none: every
   * data route needs a session or a token. Only layers:read, incidents:read and analysis:read are allowed.
   */
  PUBLIC_PERMISSIONS: z
    .string()
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['layers:read', 'incidents:read', 'analysis:read'])))
    .default([]),
  /**
   * Which proxies' X-Forwarded-For / X-Forwarded-Proto to believe (client address for rate limits and the audit
   * log, scheme for links). Default: none — a forged header changes nothing. See docs/security.md.
   */
  TRUST_PROXY: trustProxy.default(false),
  /**
   * The public base URL absolute links are built on (OGC links, TileJSON), e.g. https://map.anyang.example;
   * unset means the request's validated Host header and the connection's scheme.
   */
  PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u) && !/[?#]/.test(u), 'must be an http(s) URL without query or fragment')
    .optional(),
  /**
   * A separate listen address for Prometheus: GET /metrics there needs no credentials (the address is the
   * access control). Unset: /metrics only on PORT, for principals with metrics:read.
   */
  METRICS_PORT: port.optional(),
  /** The interface METRICS_PORT binds to; keep it internal. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Coalescing tick for unit-position bursts on the live feed. */
  LIVE_TICK_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  /**
   * An OSRM-compatible routing service (its base URL, e.g. http://osrm:5000) for road ETAs in dispatch
   * recommendations; unset means the estimate (straight line × circuity ÷ speed). Falls back to the estimate when
   * the service is down or slower than ROUTER_TIMEOUT_MS.
   */
  ROUTER_URL: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL').optional(),
  ROUTER_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(300),
  /**
   * How often open incidents' timer lights are recomputed (a light that turns because time passed is pushed).
   * 0 switches the scheduler off in this process (another process of the deployment runs it; tests that must see
   * no write but their own).
   */
  TIMER_LIGHT_TICK_MS: z.coerce.number().int().min(0).max(60_000).refine((n) => n === 0 || n >= 200, 'must be 0 (off) or at least 200').default(2000),
  /**
   * How often the hot tables (units, incidents, the change log, …) are vacuumed when the database does not do it by
   * itself (embedded PGlite; a PostgreSQL server with autovacuum off), like autovacuum's own 1-minute nap. 0 = never.
   * With autovacuum on: ignored.
   */
  VACUUM_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(1),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment (default: process.env); throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
