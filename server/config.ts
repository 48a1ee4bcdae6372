/**
 * Configuration: the environment, parsed and validated once at start.
 * Every name here is a contract (README "Configuration"); a bad value stops the process with a clear message.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65_535);

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
   * A separate listen address for Prometheus: GET /metrics there needs no credentials (the address is the
   * access control). Unset: /metrics only on PORT, for principals with metrics:read.
   */
  METRICS_PORT: port.optional(),
  /** The interface METRICS_PORT binds to; keep it internal. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Coalescing tick for unit-position bursts on the live feed. */
  LIVE_TICK_MS: z.coerce.number().int().min(10).max(10_000).default(250),
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
