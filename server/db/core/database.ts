/**
 * The database interface: the only shape the rest of the server sees.
 * Two implementations — PostgreSQL/PostGIS through `pg` (server/db/core/postgres.ts) and embedded PGlite
 * (server/db/core/embedded.ts) — run the same SQL and return rows normalised the same way:
 * int8/numeric come back as JS numbers when they are safe integers (else strings), bytea as Buffer,
 * timestamps as Date, json/jsonb parsed.
 */
export type DatabaseKind = 'postgis' | 'embedded';

export type Row = Record<string, unknown>;

export interface QueryResult<R extends Row = Row> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Prepares the statement under this name on each connection that runs it, once, so that PostgreSQL parses it once
   * and may reuse its plan: for the few hot statements whose planning costs as much as running them (a
   * recommendation's incident read). One name per SQL text. The embedded database ignores it.
   */
  prepare?: string;
}

/** Something that runs parameterised SQL: the database itself or a transaction on it. */
export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<R>>;
}

/** A transaction: parameterised queries plus multi-statement scripts (migrations). */
export interface Transaction extends Queryable {
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs several statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction on one connection; rolls back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Calls onPayload for each NOTIFY on channel. The returned function stops listening.
   * The PostGIS implementation re-listens by itself after a lost connection and then calls onReconnect
   * (so a consumer can catch up from its own sequence); the embedded one never loses its connection.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Normalises one driver value to the shape both implementations return. */
export function normaliseValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value);
  return value;
}

export function normaliseRow<R extends Row>(row: Row): R {
  for (const key of Object.keys(row)) row[key] = normaliseValue(row[key]);
  return row as R;
}

/** Parses an int8/numeric text as pg gives it: a number when it is a safe integer, else the string. */
export function parseBigIntText(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}
