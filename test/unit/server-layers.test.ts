/**
 * Dependencies point one way (docs/STYLE "Imports point inward only"): nothing below http/ imports from it.
 * Reads every server file's import specifiers; fails naming the file and the import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER = path.resolve(import.meta.dirname, '../../server');
const BELOW_HTTP = ['realtime', 'db', 'auth', 'domain', 'protocol', 'simulator', 'dataset'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : /\.(ts|mts)$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

/** The relative import specifiers of a file (static imports and re-exports). */
function importsOf(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('server layering', () => {
  it('finds the imports it checks', () => {
    expect(importsOf(`import type { A } from '../http/x.ts';\nexport { b } from './b.ts';\nconst s = "from '../http/y.ts'";`)).toEqual(['../http/x.ts', './b.ts']);
  });

  it.each(BELOW_HTTP)('nothing under server/%s imports from server/http', (folder) => {
    const wrong = files(path.join(SERVER, folder)).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((spec) => path.resolve(path.dirname(file), spec).startsWith(path.join(SERVER, 'http') + path.sep))
        .map((spec) => `${path.relative(SERVER, file)} → ${spec}`),
    );
    expect(wrong).toEqual([]);
  });
});
