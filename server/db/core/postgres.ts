/** PostgreSQL + PostGIS through a `pg` pool. */
import pg from 'pg';
import type { Database, Queryable, QueryOptions, QueryResult, Row } from './database.ts';
import { parseBigIntText } from './database.ts';
import type { Logger } from '../../logger.ts';

const INT8_OID = 20;
pg.types.setTypeParser(INT8_OID, parseBigIntText);

const RELISTEN_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];

export async function openPostgres(url: string, log: Logger, poolSize = 10): Promise<Database> {
  // JIT adds 50-300 ms to tile and aggregate queries: off for every session, set at connection start-up.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'pingan-anyang', options: '-c jit=off' });
  // A restarted server kills idle clients: the pool drops them; the next query opens a fresh one.
  pool.on('error', (err) => log.warn({ err: err.message }, 'idle database client lost'));

  const run = async <R extends Row>(q: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[], options?: QueryOptions) => {
    const started = performance.now();
    const res = options?.prepare ? await q.query({ name: options.prepare, text: sql, values: params as unknown[] }) : await q.query(sql, params as unknown[]);
    const ms = performance.now() - started;
    if (ms > 1000) log.warn({ ms: Math.round(ms), sql: sql.slice(0, 200) }, 'slow query');
    return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length } satisfies QueryResult<R>;
  };

  const db: Database = {
    kind: 'postgis',
    query: (sql, params, options) => run(pool, sql, params, options),
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: (sql, params, options) => run(client, sql, params, options),
          exec: async (sql) => void (await client.query(sql)),
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload, onReconnect) {
      return listenWithReconnect(url, channel, onPayload, onReconnect, log);
    },
    async close() {
      await pool.end();
    },
  };
  return db;
}

/** A dedicated client for LISTEN that reconnects with back-off after the server restarts. */
async function listenWithReconnect(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onReconnect: (() => void) | undefined,
  log: Logger,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let attempt = 0;
  const quoted = `"${channel.replaceAll('"', '""')}"`;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'pingan-anyang-listen' });
    c.on('notification', (msg) => {
      if (msg.channel === channel) onPayload(msg.payload ?? '');
    });
    c.on('error', (err) => {
      log.warn({ err: err.message, channel }, 'listen connection lost');
      void reconnect();
    });
    c.on('end', () => {
      if (!stopped && client === c) void reconnect();
    });
    await c.connect();
    await c.query(`LISTEN ${quoted}`);
    client = c;
  };

  let reconnecting = false;
  const reconnect = async (): Promise<void> => {
    if (stopped || reconnecting) return;
    reconnecting = true;
    const old = client;
    client = undefined;
    old?.end().catch(() => undefined);
    while (!stopped) {
      const delay = RELISTEN_DELAYS_MS[Math.min(attempt, RELISTEN_DELAYS_MS.length - 1)]!;
      attempt += 1;
      await new Promise((r) => setTimeout(r, delay));
      try {
        await connect();
        attempt = 0;
        log.info({ channel }, 'listen connection restored');
        reconnecting = false;
        onReconnect?.();
        return;
      } catch (err) {
        log.debug({ err: (err as Error).message }, 'listen reconnect failed; retrying');
      }
    }
    reconnecting = false;
  };

  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}
