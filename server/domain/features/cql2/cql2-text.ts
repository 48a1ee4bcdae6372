/**
 * A recursive-descent parser for cql2-text (OGC 21-065 Annex B BNF), limited to what this server compiles:
 * AND/OR/NOT, comparisons, LIKE, BETWEEN, IN, IS NULL, S_INTERSECTS with WKT or BBOX literals,
 * T_INTERSECTS/T_AFTER/T_BEFORE with DATE/TIMESTAMP/INTERVAL literals. Keywords are case-insensitive;
 * a property named like a keyword is written "double quoted". Anything else of CQL2 (arithmetic, other
 * functions, CASEI/ACCENTI, arrays) is a CQL2_UNSUPPORTED error at its position. No npm CQL2 parser fits
 * (the one on the registry, cql2-wasm, is a single release candidate built for bundlers), hence this file.
 */
import { bboxPolygon, CQL2_LIMITS, Cql2Error, type ComparisonOp, type Expr, type GeometryLiteral, type GeometryNode, type IntervalLiteral, type Operand, type Scalar } from './cql2-ast.ts';
import { checkDate, checkGeometry, checkTimestamp } from './cql2-literals.ts';
import { tokenize, type Token } from './cql2-lexer.ts';

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE']);
const COMPARISONS = new Set(['=', '<>', '<', '>', '<=', '>=']);
const SPATIAL = new Set(['S_INTERSECTS']);
const TEMPORAL = new Set(['T_INTERSECTS', 'T_AFTER', 'T_BEFORE']);
/** Functions of CQL2 that are known but not implemented here: named as unsupported rather than unknown. */
const NOT_IMPLEMENTED = /^(S_|T_|A_)[A-Z]+$|^(CASEI|ACCENTI)$/;
const WKT: Record<string, GeometryLiteral['type']> = {
  POINT: 'Point', MULTIPOINT: 'MultiPoint', LINESTRING: 'LineString', MULTILINESTRING: 'MultiLineString',
  POLYGON: 'Polygon', MULTIPOLYGON: 'MultiPolygon', GEOMETRYCOLLECTION: 'GeometryCollection',
};

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private get peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private word(t: Token = this.peek): string | undefined {
    return t.kind === 'ident' ? t.text.toUpperCase() : undefined;
  }
  private isWord(w: string, t: Token = this.peek): boolean {
    return this.word(t) === w;
  }
  private isPunct(p: string, t: Token = this.peek): boolean {
    return t.kind === 'punct' && t.text === p;
  }
  private fail(what: string, t: Token = this.peek): never {
    const found = t.kind === 'end' ? 'the end of the filter' : JSON.stringify(t.text.slice(0, 30));
    throw new Cql2Error('CQL2_SYNTAX', `Expected ${what}, found ${found}`, t.at);
  }
  private expectPunct(p: string): Token {
    if (!this.isPunct(p)) this.fail(`"${p}"`);
    return this.next();
  }
  private expectWord(w: string): Token {
    if (!this.isWord(w)) this.fail(w);
    return this.next();
  }

  parse(): Expr {
    const e = this.orExpr();
    if (this.peek.kind !== 'end') this.fail('AND, OR or the end of the filter');
    return e;
  }

  private nested<T>(at: number, fn: () => T): T {
    if (++this.depth > CQL2_LIMITS.depth) throw new Cql2Error('CQL2_TOO_COMPLEX', `Expressions nest deeper than ${CQL2_LIMITS.depth}`, at);
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private orExpr(): Expr {
    const at = this.peek.at;
    const args = [this.andExpr()];
    while (this.isWord('OR')) {
      this.next();
      args.push(this.andExpr());
    }
    return args.length === 1 ? args[0]! : { kind: 'or', args, at };
  }

  private andExpr(): Expr {
    const at = this.peek.at;
    const args = [this.factor()];
    while (this.isWord('AND')) {
      this.next();
      args.push(this.factor());
    }
    return args.length === 1 ? args[0]! : { kind: 'and', args, at };
  }

  private factor(): Expr {
    const t = this.peek;
    if (this.isWord('NOT')) {
      this.next();
      return this.nested(t.at, () => ({ kind: 'not', arg: this.factor(), at: t.at }));
    }
    if (this.isPunct('(')) {
      this.next();
      const e = this.nested(t.at, () => this.orExpr());
      this.expectPunct(')');
      return e;
    }
    const w = this.word();
    if (w && this.isPunct('(', this.tokens[this.i + 1]!)) {
      if (SPATIAL.has(w) || TEMPORAL.has(w)) return this.functionPredicate(w);
      if (!['DATE', 'TIMESTAMP', 'INTERVAL', 'BBOX', ...Object.keys(WKT)].includes(w)) {
        const what = NOT_IMPLEMENTED.test(w) ? `The CQL2 function ${w}` : `The function ${JSON.stringify(t.text.slice(0, 40))}`;
        throw new Cql2Error('CQL2_UNSUPPORTED', `${what} is not supported here`, t.at);
      }
    }
    return this.predicate();
  }

  private functionPredicate(w: string): Expr {
    const at = this.next().at;
    this.expectPunct('(');
    const left = this.operand();
    this.expectPunct(',');
    const right = this.operand();
    this.expectPunct(')');
    if (SPATIAL.has(w)) {
      const spatial = (o: Operand, where: Token | number) => {
        if (o.kind === 'property' || o.kind === 'geometry') return o;
        throw new Cql2Error('CQL2_TYPE_MISMATCH', `${w} compares geometries: a geometry property or literal`, typeof where === 'number' ? where : where.at);
      };
      return { kind: 'spatial', op: 's_intersects', left: spatial(left, at), right: spatial(right, at), at };
    }
    return { kind: 'temporal', op: w.toLowerCase() as 't_intersects', left, right, at };
  }

  private predicate(): Expr {
    const start = this.peek;
    const value = this.scalarOperand();
    let negated = false;
    if (this.isWord('NOT') && ['LIKE', 'BETWEEN', 'IN'].includes(this.word(this.tokens[this.i + 1]!) ?? '')) {
      this.next();
      negated = true;
    }
    const not = (e: Expr): Expr => (negated ? { kind: 'not', arg: e, at: start.at } : e);
    const t = this.peek;
    if (t.kind === 'punct' && COMPARISONS.has(t.text)) {
      this.next();
      return { kind: 'compare', op: t.text as ComparisonOp, left: value, right: this.scalarOperand(), at: start.at };
    }
    if (this.isWord('LIKE')) {
      this.next();
      return not({ kind: 'like', value, pattern: this.scalarOperand(), at: start.at });
    }
    if (this.isWord('BETWEEN')) {
      this.next();
      const low = this.scalarOperand();
      this.expectWord('AND');
      return not({ kind: 'between', value, low, high: this.scalarOperand(), at: start.at });
    }
    if (this.isWord('IN')) {
      this.next();
      this.expectPunct('(');
      const list = [this.scalarOperand()];
      while (this.isPunct(',')) {
        this.next();
        list.push(this.scalarOperand());
        if (list.length > CQL2_LIMITS.inList) throw new Cql2Error('CQL2_TOO_COMPLEX', `An IN list has more than ${CQL2_LIMITS.inList} values`, t.at);
      }
      this.expectPunct(')');
      return not({ kind: 'in', value, list, at: start.at });
    }
    if (this.isWord('IS')) {
      this.next();
      const isNot = this.isWord('NOT');
      if (isNot) this.next();
      this.expectWord('NULL');
      const e: Expr = { kind: 'isNull', value, at: start.at };
      return isNot ? { kind: 'not', arg: e, at: start.at } : e;
    }
    if (value.kind === 'boolean') return { kind: 'literal', value: value.value, at: start.at };
    if (t.kind === 'punct' && ['+', '-', '*', '/'].includes(t.text)) throw new Cql2Error('CQL2_UNSUPPORTED', 'Arithmetic is not supported here', t.at);
    return this.fail('a comparison, LIKE, BETWEEN, IN or IS NULL');
  }

  private scalarOperand(): Scalar {
    const t = this.peek;
    const o = this.operand();
    if (o.kind === 'interval' || o.kind === 'geometry') {
      throw new Cql2Error('CQL2_TYPE_MISMATCH', `${o.kind === 'interval' ? 'An interval' : 'A geometry'} can only be an argument of a spatial or temporal function`, t.at);
    }
    return o;
  }

  /** A property, a literal (string, number, boolean, DATE, TIMESTAMP, INTERVAL, WKT, BBOX). */
  private operand(): Operand {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'string', value: t.text, at: t.at };
    if (t.kind === 'number') {
      const n = Number(t.text);
      if (!Number.isFinite(n)) throw new Cql2Error('CQL2_INVALID_LITERAL', `${t.text.slice(0, 30)} is not a finite number`, t.at);
      return { kind: 'number', value: n, at: t.at };
    }
    if (t.kind === 'quoted') return { kind: 'property', name: t.text, at: t.at };
    if (t.kind !== 'ident') return this.fail('a property or a literal', t);
    const w = t.text.toUpperCase();
    if (w === 'TRUE' || w === 'FALSE') return { kind: 'boolean', value: w === 'TRUE', at: t.at };
    const call = this.isPunct('(');
    if (call && (w === 'DATE' || w === 'TIMESTAMP')) {
      this.next();
      const s = this.next();
      if (s.kind !== 'string') this.fail('a quoted date or timestamp', s);
      this.expectPunct(')');
      return w === 'DATE' ? { kind: 'date', value: checkDate(s.text, s.at), at: t.at } : { kind: 'timestamp', value: checkTimestamp(s.text, s.at), at: t.at };
    }
    if (call && w === 'INTERVAL') return this.interval(t);
    if (w === 'BBOX' && call) return this.bbox(t);
    if (WKT[w]) return { kind: 'geometry', geometry: this.wkt(t), at: t.at };
    if (call) throw new Cql2Error('CQL2_UNSUPPORTED', `The function ${JSON.stringify(t.text.slice(0, 40))} is not supported as an operand here`, t.at);
    if (KEYWORDS.has(w)) this.fail('a property or a literal', t);
    return { kind: 'property', name: t.text, at: t.at };
  }

  private interval(t: Token): IntervalLiteral {
    this.next();
    const bound = () => {
      const b = this.peek;
      if (b.kind === 'string' && b.text === '..') {
        this.next();
        return undefined;
      }
      const o = this.operand();
      if (o.kind === 'string') return /[Tt ]/.test(o.value) ? { kind: 'timestamp' as const, value: checkTimestamp(o.value, o.at), at: o.at } : { kind: 'date' as const, value: checkDate(o.value, o.at), at: o.at };
      if (o.kind === 'date' || o.kind === 'timestamp') return o;
      throw new Cql2Error('CQL2_INVALID_LITERAL', "An interval bound is a date, a timestamp or '..'", b.at);
    };
    const start = bound();
    this.expectPunct(',');
    const end = bound();
    this.expectPunct(')');
    if (start && end && start.value > end.value) throw new Cql2Error('CQL2_INVALID_LITERAL', 'The interval starts after it ends', t.at);
    return { kind: 'interval', start, end, at: t.at };
  }

  private numberToken(): number {
    const t = this.next();
    if (t.kind !== 'number') this.fail('a number', t);
    const n = Number(t.text);
    if (!Number.isFinite(n)) throw new Cql2Error('CQL2_INVALID_LITERAL', `${t.text.slice(0, 30)} is not a finite number`, t.at);
    return n;
  }

  private bbox(t: Token): GeometryNode {
    this.next();
    const nums = [this.numberToken()];
    while (this.isPunct(',')) {
      this.next();
      nums.push(this.numberToken());
    }
    this.expectPunct(')');
    if (nums.length !== 4) throw new Cql2Error('CQL2_UNSUPPORTED', 'BBOX takes 4 numbers here (2D)', t.at);
    return { kind: 'geometry', geometry: checkGeometry(bboxPolygon(nums), t.at), at: t.at };
  }

  /** A WKT geometry after its keyword (POINT (1 2), POLYGON ((...)), MULTIPOINT ((1 2), (3 4)) or (1 2, 3 4)). */
  private wkt(t: Token): GeometryLiteral {
    const type = WKT[t.text.toUpperCase()]!;
    if (this.peek.kind === 'ident') throw new Cql2Error('CQL2_UNSUPPORTED', `Only 2D geometries are supported (found ${this.peek.text.slice(0, 10)})`, this.peek.at);
    if (type === 'GeometryCollection') {
      this.expectPunct('(');
      const geometries: GeometryLiteral[] = [];
      do {
        const g = this.next();
        if (!WKT[this.word(g) ?? '']) this.fail('a WKT geometry', g);
        geometries.push(this.wkt(g));
      } while (this.isPunct(',') && this.next());
      this.expectPunct(')');
      return checkGeometry({ type, geometries }, t.at);
    }
    const position = () => [this.numberToken(), this.numberToken()];
    const list = <T>(item: () => T): T[] => {
      this.expectPunct('(');
      const out = [item()];
      while (this.isPunct(',')) {
        this.next();
        out.push(item());
      }
      this.expectPunct(')');
      return out;
    };
    const line = () => list(position);
    const coords: Record<string, () => unknown> = {
      Point: () => list(position)[0],
      MultiPoint: () => list(() => (this.isPunct('(') ? list(position)[0] : position())),
      LineString: line,
      MultiLineString: () => list(line),
      Polygon: () => list(line),
      MultiPolygon: () => list(() => list(line)),
    };
    return checkGeometry({ type, coordinates: coords[type]!() }, t.at);
  }
}

/** Parses a cql2-text filter; throws Cql2Error (with a character position) when it is not one this server runs. */
export function parseCql2Text(text: string): Expr {
  if (text.trim() === '') throw new Cql2Error('CQL2_SYNTAX', 'The filter is empty', 0);
  return new Parser(tokenize(text)).parse();
}
