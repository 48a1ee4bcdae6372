/**
 * Binds a parsed CQL2 filter to a collection's queryables: every property must be queryable, and operands
 * must be of types the operator compares (strings with strings, numbers with numbers, booleans with booleans,
 * dates and timestamps with date and date-time properties, geometries only in S_INTERSECTS). Pure; throws
 * Cql2Error (CQL2_UNKNOWN_PROPERTY, CQL2_TYPE_MISMATCH) at the operand's position.
 */
import { Cql2Error, type Expr, type Operand, type Scalar } from './cql2-ast.ts';
import type { Queryable } from '../queryables.ts';

/** The family of values an operand holds, for type checks. */
export type Family = 'string' | 'number' | 'boolean' | 'temporal' | 'geometry' | 'interval';

export function familyOfType(type: Queryable['type']): Family {
  switch (type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'date':
    case 'date-time':
      return 'temporal';
    case 'boolean':
    case 'geometry':
    case 'string':
      return type;
  }
}

export function lookup(q: ReadonlyMap<string, Queryable>, name: string, at: Operand['at']): Queryable {
  const found = q.get(name);
  if (!found) {
    throw new Cql2Error('CQL2_UNKNOWN_PROPERTY', `${JSON.stringify(name.slice(0, 60))} is not a queryable of this collection (see its /queryables)`, at);
  }
  return found;
}

export function familyOf(o: Operand, q: ReadonlyMap<string, Queryable>): Family {
  switch (o.kind) {
    case 'property':
      return familyOfType(lookup(q, o.name, o.at).type);
    case 'string':
    case 'number':
    case 'boolean':
      return o.kind;
    case 'date':
    case 'timestamp':
      return 'temporal';
    case 'interval':
      return 'interval';
    case 'geometry':
      return 'geometry';
  }
}

function same(a: Operand, b: Operand, q: ReadonlyMap<string, Queryable>, what: string): Family {
  const fa = familyOf(a, q);
  const fb = familyOf(b, q);
  if (fa !== fb) throw new Cql2Error('CQL2_TYPE_MISMATCH', `${what}: a ${fa} cannot be compared with a ${fb}`, b.at);
  if (fa === 'geometry') throw new Cql2Error('CQL2_TYPE_MISMATCH', `${what}: geometries are compared with S_INTERSECTS`, a.at);
  return fa;
}

const scalars = (e: Expr): Scalar[] => {
  switch (e.kind) {
    case 'compare':
      return [e.left, e.right];
    case 'like':
      return [e.value, e.pattern];
    case 'between':
      return [e.value, e.low, e.high];
    case 'in':
      return [e.value, ...e.list];
    case 'isNull':
      return [e.value];
    default:
      return [];
  }
};

/** Checks the whole tree against the queryables; returns it unchanged. */
export function checkFilter(e: Expr, q: ReadonlyMap<string, Queryable>): Expr {
  switch (e.kind) {
    case 'and':
    case 'or':
      e.args.forEach((a) => checkFilter(a, q));
      return e;
    case 'not':
      checkFilter(e.arg, q);
      return e;
    case 'literal':
      return e;
    case 'compare':
      same(e.left, e.right, q, `"${e.op}"`);
      return e;
    case 'like': {
      const f = same(e.value, e.pattern, q, 'LIKE');
      if (f !== 'string') throw new Cql2Error('CQL2_TYPE_MISMATCH', 'LIKE compares strings', e.value.at);
      return e;
    }
    case 'between': {
      const f = same(e.value, e.low, q, 'BETWEEN');
      same(e.value, e.high, q, 'BETWEEN');
      if (f !== 'number' && f !== 'temporal') throw new Cql2Error('CQL2_TYPE_MISMATCH', 'BETWEEN compares numbers (or dates)', e.value.at);
      return e;
    }
    case 'in':
      e.list.forEach((x) => same(e.value, x, q, 'IN'));
      return e;
    case 'isNull':
      scalars(e).forEach((s) => familyOf(s, q));
      return e;
    case 'spatial':
      for (const o of [e.left, e.right]) {
        if (familyOf(o, q) !== 'geometry') throw new Cql2Error('CQL2_TYPE_MISMATCH', 'S_INTERSECTS compares geometries', o.at);
      }
      return e;
    case 'temporal':
      for (const o of [e.left, e.right]) {
        const f = familyOf(o, q);
        if (f !== 'temporal' && f !== 'interval') throw new Cql2Error('CQL2_TYPE_MISMATCH', `${e.op.toUpperCase()} compares dates, timestamps and intervals`, o.at);
      }
      if (e.left.kind !== 'property' && e.right.kind !== 'property') {
        throw new Cql2Error('CQL2_UNSUPPORTED', `${e.op.toUpperCase()} needs a date or date-time property on one side`, e.at);
      }
      return e;
  }
}
