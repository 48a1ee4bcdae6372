/**
 * cql2-json (OGC 21-065 Annex C schema) into the same tree as cql2-text: `{ "op": ..., "args": [...] }`,
 * `{ "property": name }`, strings, numbers, booleans, `{ "date" }`, `{ "timestamp" }`, `{ "interval": [a, b] }`,
 * GeoJSON geometries and `{ "bbox": [...] }`. Positions are JSON pointers (`/args/1/args/0`). Pure.
 */
import { bboxPolygon, CQL2_LIMITS, Cql2Error, type ComparisonOp, type Expr, type IntervalLiteral, type Operand, type Scalar } from './cql2-ast.ts';
import { checkDate, checkGeometry, checkTimestamp } from './cql2-literals.ts';

const COMPARISONS = new Set<string>(['=', '<>', '<', '>', '<=', '>=']);
const TEMPORAL = new Set<string>(['t_intersects', 't_after', 't_before']);
const KNOWN_UNSUPPORTED = /^(s_|t_|a_)[a-z]+$|^(casei|accenti|\+|-|\*|\/|%|\^|div)$/;

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function syntax(message: string, at: string): never {
  throw new Cql2Error('CQL2_SYNTAX', message, at);
}

function operand(v: Json, at: string): Operand {
  if (typeof v === 'string') return { kind: 'string', value: v, at };
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v, at } : syntax('Not a finite number', at);
  if (typeof v === 'boolean') return { kind: 'boolean', value: v, at };
  if (!isObject(v)) return syntax('Expected a property, a literal or a geometry', at);
  if ('property' in v) return typeof v.property === 'string' ? { kind: 'property', name: v.property, at } : syntax('"property" is a string', at);
  if ('date' in v) return typeof v.date === 'string' ? { kind: 'date', value: checkDate(v.date, at), at } : syntax('"date" is a string', at);
  if ('timestamp' in v) return typeof v.timestamp === 'string' ? { kind: 'timestamp', value: checkTimestamp(v.timestamp, at), at } : syntax('"timestamp" is a string', at);
  if ('interval' in v) return interval(v.interval, at);
  if ('bbox' in v) {
    const b = v.bbox;
    if (!Array.isArray(b) || !b.every((n) => typeof n === 'number')) return syntax('"bbox" is an array of numbers', at);
    if (b.length !== 4) throw new Cql2Error('CQL2_UNSUPPORTED', 'A bbox has 4 numbers here (2D)', at);
    return { kind: 'geometry', geometry: checkGeometry(bboxPolygon(b), at), at };
  }
  if ('type' in v) return { kind: 'geometry', geometry: checkGeometry(v, at), at };
  if ('op' in v) throw new Cql2Error('CQL2_UNSUPPORTED', `The function or operator ${JSON.stringify(String(v.op).slice(0, 30))} is not supported as an operand here`, at);
  return syntax('Expected a property, a literal or a geometry', at);
}

function interval(v: Json, at: string): IntervalLiteral {
  if (!Array.isArray(v) || v.length !== 2) return syntax('"interval" is an array of two bounds', at);
  const bound = (b: Json, i: number) => {
    const where = `${at}/interval/${i}`;
    if (b === '..') return undefined;
    if (typeof b === 'string') return /[Tt ]/.test(b) ? { kind: 'timestamp' as const, value: checkTimestamp(b, where), at: where } : { kind: 'date' as const, value: checkDate(b, where), at: where };
    const o = operand(b, where);
    if (o.kind === 'date' || o.kind === 'timestamp') return o;
    throw new Cql2Error('CQL2_INVALID_LITERAL', "An interval bound is a date, a timestamp or '..'", where);
  };
  const start = bound(v[0], 0);
  const end = bound(v[1], 1);
  if (start && end && start.value > end.value) throw new Cql2Error('CQL2_INVALID_LITERAL', 'The interval starts after it ends', at);
  return { kind: 'interval', start, end, at };
}

function scalar(v: Json, at: string): Scalar {
  const o = operand(v, at);
  if (o.kind === 'interval' || o.kind === 'geometry') throw new Cql2Error('CQL2_TYPE_MISMATCH', 'Intervals and geometries are arguments of spatial and temporal functions only', at);
  return o;
}

function args(v: Record<string, Json>, at: string, n?: number): Json[] {
  const a = v.args;
  if (!Array.isArray(a)) return syntax('"args" is an array', at);
  if (n !== undefined && a.length !== n) return syntax(`"${String(v.op)}" takes ${n} arguments`, `${at}/args`);
  return a;
}

function expr(v: Json, at: string, depth: number): Expr {
  if (depth > CQL2_LIMITS.depth) throw new Cql2Error('CQL2_TOO_COMPLEX', `Expressions nest deeper than ${CQL2_LIMITS.depth}`, at);
  if (typeof v === 'boolean') return { kind: 'literal', value: v, at };
  if (!isObject(v) || typeof v.op !== 'string') return syntax('Expected an expression {"op", "args"} or a boolean', at);
  const op = v.op.toLowerCase();
  const arg = (i: number) => `${at}/args/${i}`;
  if (op === 'and' || op === 'or') {
    const a = args(v, at);
    if (a.length < 2) return syntax(`"${op}" takes 2 arguments at least`, `${at}/args`);
    return { kind: op, args: a.map((x, i) => expr(x, arg(i), depth + 1)), at };
  }
  if (op === 'not') return { kind: 'not', arg: expr(args(v, at, 1)[0], arg(0), depth + 1), at };
  if (COMPARISONS.has(op)) {
    const [l, r] = args(v, at, 2);
    return { kind: 'compare', op: op as ComparisonOp, left: scalar(l, arg(0)), right: scalar(r, arg(1)), at };
  }
  if (op === 'like') {
    const [l, r] = args(v, at, 2);
    return { kind: 'like', value: scalar(l, arg(0)), pattern: scalar(r, arg(1)), at };
  }
  if (op === 'between') {
    const [x, lo, hi] = args(v, at, 3);
    return { kind: 'between', value: scalar(x, arg(0)), low: scalar(lo, arg(1)), high: scalar(hi, arg(2)), at };
  }
  if (op === 'in') {
    const [x, list] = args(v, at, 2);
    if (!Array.isArray(list) || list.length === 0) return syntax('"in" takes a value and a non-empty array', arg(1));
    if (list.length > CQL2_LIMITS.inList) throw new Cql2Error('CQL2_TOO_COMPLEX', `An IN list has more than ${CQL2_LIMITS.inList} values`, arg(1));
    return { kind: 'in', value: scalar(x, arg(0)), list: list.map((y, i) => scalar(y, `${arg(1)}/${i}`)), at };
  }
  if (op === 'isnull') return { kind: 'isNull', value: scalar(args(v, at, 1)[0], arg(0)), at };
  if (op === 's_intersects') {
    const [l, r] = args(v, at, 2).map((x, i) => operand(x, arg(i)));
    const geo = (o: Operand, i: number) => {
      if (o.kind === 'property' || o.kind === 'geometry') return o;
      throw new Cql2Error('CQL2_TYPE_MISMATCH', 's_intersects compares geometries: a geometry property or literal', arg(i));
    };
    return { kind: 'spatial', op: 's_intersects', left: geo(l!, 0), right: geo(r!, 1), at };
  }
  if (TEMPORAL.has(op)) {
    const [l, r] = args(v, at, 2).map((x, i) => operand(x, arg(i)));
    return { kind: 'temporal', op: op as 't_intersects', left: l!, right: r!, at };
  }
  if (KNOWN_UNSUPPORTED.test(op)) throw new Cql2Error('CQL2_UNSUPPORTED', `The CQL2 operator ${JSON.stringify(op)} is not supported here`, at);
  throw new Cql2Error('CQL2_UNSUPPORTED', `Unknown operator ${JSON.stringify(op.slice(0, 30))}`, at);
}

/** Parses a cql2-json filter (text of a JSON document); throws Cql2Error with a JSON-pointer position. */
export function parseCql2Json(text: string): Expr {
  if (text.length > CQL2_LIMITS.length) throw new Cql2Error('CQL2_TOO_COMPLEX', `The filter is longer than ${CQL2_LIMITS.length} characters`, '');
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return syntax(`Not JSON: ${(err as Error).message.slice(0, 120)}`, '');
  }
  return expr(doc, '', 0);
}
