/**
 * Hostile values for the API fuzz (test/integration/api-fuzz.test.ts): strings with NUL bytes, lone
 * surrogates, bidi overrides, traversal, SQL and regex metacharacters, very long text; odd numbers; and
 * encoders that put them into a path segment or a query string either percent-encoded or raw.
 */
import fc from 'fast-check';

/** Characters that break naive code: NUL, controls, surrogates, bidi, quotes, separators, wildcards. */
export const EVIL_CHARS = [
  '\u0000', '\u0001', '\u001f', '\u007f', '\uD800', '\uDFFF', '\u202E', '\uFEFF', '\r\n', '\n', '\t', ' ',
  "'", '"', '\\', '/', '..', '%', '%00', '%zz', '_', '*', '.*', '(', '[', '{', '$1', '?', '#', '&', '=', ';', ',',
  '😀', '张', '١', 'İ', '\u0301', '<script>',
] as const;

const evilChar = fc.constantFrom(...EVIL_CHARS);

/** A short string with at least one hostile character inside. */
export const evilString = fc
  .tuple(fc.string({ maxLength: 12 }), evilChar, fc.string({ maxLength: 12 }))
  .map(([a, x, b]) => a + x + b);

export const LONG_STRINGS = ['x'.repeat(201), 'x'.repeat(4001), '9'.repeat(400), '张'.repeat(3000), 'a'.repeat(70_000)] as const;

/** Anything that could be sent as text. */
export const nastyText = fc.oneof(
  { weight: 4, arbitrary: evilString },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(...LONG_STRINGS.slice(0, 4)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '', ' ', 'null', 'undefined', 'NaN', 'Infinity', '-Infinity', 'true', '[]', '{}', '__proto__', 'constructor',
      'toString', 'hasOwnProperty', "' OR 1=1 --", '1;DROP TABLE incidents', '../../etc/passwd', '..%2f..%2fetc%2fpasswd',
      '%2e%2e%2f', '%C0%AF', '%ED%A0%80', '\u0000', '0x10', '1e400', '-0', '00001',
    ),
  },
);

/** Numbers that trip parsers and range checks. */
export const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 2 ** 31, 2 ** 32, 1e-320, 5e-324),
);

/** Numeric-looking text for query parameters. */
export const nastyNumberText = fc.oneof(
  nastyNumber.map(String),
  fc.constantFrom('', ' ', 'abc', '1e9', '1e400', '-1', '1.5', '0x10', '0b1', '0o7', '+5', ' 5', '5 ', '5,5', '٥', '１', 'NaN', 'Infinity', '9'.repeat(30), '--1', '1e', '.5', '5.'),
);

/** Puts a value into a path segment: percent-encoded (what a client should send) or raw (what an attacker may). */
export function segment(value: string, raw: boolean): string {
  return raw ? value : pct(value);
}

/** Safe percent-encoding that survives lone surrogates (encodeURIComponent throws on them). */
export function pct(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
  }
}

/** A query string from pairs; each pair encoded or raw. */
export function queryOf(pairs: ReadonlyArray<readonly [string, string, boolean?]>): string {
  if (!pairs.length) return '';
  return '?' + pairs.map(([k, v, raw]) => (raw ? `${k}=${v}` : `${pct(k)}=${pct(v)}`)).join('&');
}

/** Query parameters no route knows (they must be 400 UNKNOWN_PARAMETER or ignored, never a 500). */
export const strangeParam = fc.tuple(
  fc.oneof(
    fc.constantFrom('crs', 'bbox-crs', 'filter', 'filter-lang', 'sortby', 'properties', 'skipGeometry', 'q', 'ids', 'limit[]', 'bbox[0]',
      '__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', '', ' ', '%', '&', '=', 'a'.repeat(300)),
    fc.string({ maxLength: 10 }),
  ),
  nastyText,
  fc.boolean(),
);
