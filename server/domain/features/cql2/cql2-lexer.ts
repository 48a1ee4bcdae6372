/**
 * Tokens of cql2-text (OGC 21-065 BNF): identifiers (bare or "double quoted"), 'single quoted' strings with ''
 * as the escaped quote, numbers with an optional sign and exponent, and the punctuation of comparisons and
 * lists. Every token keeps its character offset, so every error names where it is. Pure.
 */
import { CQL2_LIMITS, Cql2Error } from './cql2-ast.ts';

export type TokenKind = 'ident' | 'quoted' | 'string' | 'number' | 'punct' | 'end';

export interface Token {
  kind: TokenKind;
  /** Identifiers and punctuation as written; strings unescaped; numbers as their text. */
  text: string;
  at: number;
}

const PUNCT = ['<>', '<=', '>=', '=', '<', '>', '(', ')', ',', '[', ']'];
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_:.]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;

export function tokenize(text: string): Token[] {
  if (text.length > CQL2_LIMITS.length) throw new Cql2Error('CQL2_TOO_COMPLEX', `The filter is longer than ${CQL2_LIMITS.length} characters`, 0);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const quote = c;
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new Cql2Error('CQL2_SYNTAX', `Unterminated ${quote === "'" ? 'string' : 'quoted identifier'}`, i);
        if (text[j] === quote) {
          if (text[j + 1] === quote) {
            value += quote;
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ kind: quote === "'" ? 'string' : 'quoted', text: value, at: i });
      i = j + 1;
      continue;
    }
    const num = /[0-9.+-]/.test(c) ? NUMBER.exec(text.slice(i)) : null;
    if (num && !(c === '.' && text[i + 1] === '.')) {
      tokens.push({ kind: 'number', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j]!)) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), at: i });
      i = j;
      continue;
    }
    const punct = PUNCT.find((p) => text.startsWith(p, i));
    if (punct) {
      tokens.push({ kind: 'punct', text: punct, at: i });
      i += punct.length;
      continue;
    }
    throw new Cql2Error('CQL2_SYNTAX', `Unexpected character ${JSON.stringify(c)}`, i);
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}
