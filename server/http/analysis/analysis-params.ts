/**
 * Query parameters of the analysis routes: parsed strictly, every problem a 400 with a machine-readable code
 * (docs/api.md "Analysis"): UNKNOWN_PARAMETER, UNKNOWN_CATEGORY, INVALID_DATETIME, INVALID_WINDOW (from after to,
 * or longer than allowed), CELL_SIZE_OUT_OF_RANGE, PARAMETER_OUT_OF_RANGE, INVALID_PARAMETER, INVALID_FORMAT.
 */
import type { Request } from 'express';
import { badRequest } from '../../errors.ts';
import { INCIDENT_CATEGORY } from '../../protocol/codes.ts';

const DAY_MS = 86_400_000;

type Query = Request['query'];

/** A single text value of a parameter (the last one when repeated), or undefined. */
function text(q: Query, name: string): string | undefined {
  const v = q[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  if (last === undefined) return undefined;
  if (typeof last !== 'string') throw badRequest('INVALID_PARAMETER', `Parameter ${name} must be a single value`, { parameter: name });
  return last.trim();
}

/** Refuses any parameter not in `known` (a typo must never silently analyse everything). */
export function rejectUnknown(q: Query, known: readonly string[]): void {
  for (const name of Object.keys(q)) {
    if (!known.includes(name)) throw badRequest('UNKNOWN_PARAMETER', `Unknown query parameter "${name.slice(0, 60)}"`, { parameter: name.slice(0, 60), allowed: known });
  }
}

/** category=01 or category=01,06 (or repeated): INCIDENT_CATEGORY codes; absent = every category. */
export function categoriesParam(q: Query): string[] {
  const raw = q.category;
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
  for (const c of values) {
    if (!Object.hasOwn(INCIDENT_CATEGORY, c)) throw badRequest('UNKNOWN_CATEGORY', `Unknown incident category ${JSON.stringify(c.slice(0, 20))}`, { allowed: Object.keys(INCIDENT_CATEGORY) });
  }
  return [...new Set(values)];
}

function instant(q: Query, name: string): Date | undefined {
  const v = text(q, name);
  if (v === undefined || v === '') return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(v);
  const d = new Date(v);
  if (!ok || Number.isNaN(d.getTime())) throw badRequest('INVALID_DATETIME', `Parameter ${name} is not an RFC 3339 date or instant: ${JSON.stringify(v.slice(0, 40))}`, { parameter: name });
  return d;
}

/** from/to: the window [from, to); defaults: to = now, from = to − defaultDays. */
export function windowParam(q: Query, defaultDays: number, maxDays: number, now = new Date()): { from: Date; to: Date } {
  const to = instant(q, 'to') ?? now;
  const from = instant(q, 'from') ?? new Date(to.getTime() - defaultDays * DAY_MS);
  if (from.getTime() >= to.getTime()) throw badRequest('INVALID_WINDOW', '`from` must be before `to`', { from: from.toISOString(), to: to.toISOString() });
  if (to.getTime() - from.getTime() > maxDays * DAY_MS) throw badRequest('INVALID_WINDOW', `The window is longer than ${maxDays} days`, { maxDays });
  return { from, to };
}

export interface Range {
  min: number;
  max: number;
  default?: number;
}

/** An integer parameter inside a range; `code` names the error of a value outside it. */
export function intParam(q: Query, name: string, range: Range, code = 'PARAMETER_OUT_OF_RANGE'): number {
  const v = text(q, name);
  if (v === undefined || v === '') {
    if (range.default === undefined) throw badRequest('INVALID_PARAMETER', `Parameter ${name} is required`, { parameter: name });
    return range.default;
  }
  if (!/^-?\d{1,9}$/.test(v)) throw badRequest('INVALID_PARAMETER', `Parameter ${name} must be an integer`, { parameter: name });
  const n = Number(v);
  if (n < range.min || n > range.max) throw badRequest(code, `Parameter ${name} must be between ${range.min} and ${range.max}`, { parameter: name, min: range.min, max: range.max });
  return n;
}

export function boolParam(q: Query, name: string, fallback: boolean): boolean {
  const v = text(q, name);
  if (v === undefined || v === '') return fallback;
  if (v !== 'true' && v !== 'false') throw badRequest('INVALID_PARAMETER', `Parameter ${name} must be true or false`, { parameter: name });
  return v === 'true';
}

/** One of a closed list of values (e.g. unitType), with a default. */
export function enumParam<T extends string>(q: Query, name: string, allowed: readonly T[], fallback?: T, code = 'INVALID_PARAMETER'): T {
  const v = text(q, name);
  if (v === undefined || v === '') {
    if (fallback === undefined) throw badRequest(code, `Parameter ${name} is required`, { parameter: name, allowed });
    return fallback;
  }
  if (!(allowed as readonly string[]).includes(v)) throw badRequest(code, `Parameter ${name} must be one of ${allowed.join(', ')}`, { parameter: name, allowed });
  return v as T;
}

export type Format = 'geojson' | 'csv';
export const formatParam = (q: Query): Format => enumParam(q, 'format', ['geojson', 'csv'] as const, 'geojson', 'INVALID_FORMAT');

/** An optional text parameter matching a pattern (e.g. a grid code). */
export function codeParam(q: Query, name: string, pattern: RegExp): string | undefined {
  const v = text(q, name);
  if (v === undefined || v === '') return undefined;
  if (!pattern.test(v)) throw badRequest('INVALID_PARAMETER', `Parameter ${name} is not valid`, { parameter: name });
  return v;
}
