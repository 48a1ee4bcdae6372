/**
 * analysis-output.ts: a result written in pieces with its geometries spliced in as text is the same document as
 * the one JSON.stringify writes of the parsed result, whatever the piece size; CSV of text geometries equals CSV
 * of parsed ones.
 */
import { describe, expect, it } from 'vitest';
import { encodeResult, encodeTextGeometries, TextGeometryWriter, Utf8Writer, type ResultCollection, type TextGeometryFeature } from '../../server/http/analysis/analysis-output.ts';

const head = { type: 'FeatureCollection' as const, kind: 'response-coverage', parameters: { scope: '410502', target: 8 }, summary: { grids: 0, note: '引号 " 与逗号 ,' } };

function features(n: number): TextGeometryFeature[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `41050200100${String(i).padStart(4, '0')}`,
    geometry: i % 7 === 3 ? null : JSON.stringify({ type: 'Polygon', coordinates: [[[114.3 + i / 1000, 36.1], [114.31, 36.1], [114.31, 36.11], [114.3 + i / 1000, 36.1]]] }),
    properties: { grid_code: `g${i}`, name: `网格 "${i}", 第${i}`, minutes: i % 3 ? i / 10 : null, beyond: i % 2 === 0 },
  }));
}

const parsed = (fs: readonly TextGeometryFeature[]): ResultCollection => ({
  ...head,
  features: fs.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry ? JSON.parse(f.geometry) : null, properties: f.properties })),
});

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('encodeTextGeometries', () => {
  for (const [n, piece] of [[0, 4], [1, 4], [4, 4], [5, 4], [9, 2], [600, 256]] as const) {
    it(`${n} features in pieces of ${piece}: the same GeoJSON as the parsed result`, async () => {
      const fs = features(n);
      const out = await encodeTextGeometries('geojson', head, fs, piece);
      expect(out.format).toBe('geojson');
      expect(JSON.parse(text(out.bytes))).toEqual(JSON.parse(text(encodeResult('geojson', parsed(fs)).bytes)));
      expect(out.bytes.byteOffset).toBe(0);
      expect(out.bytes.byteLength).toBe(out.bytes.buffer.byteLength);
    });
  }

  it('CSV: the rows and WKT of the parsed result', async () => {
    const fs = features(9);
    expect(text((await encodeTextGeometries('csv', head, fs, 2)).bytes)).toBe(text(encodeResult('csv', parsed(fs)).bytes));
  });
});

describe('TextGeometryWriter', () => {
  it('pieces of any size, empty ones too, and the head given last: byte for byte the document JSON.stringify writes', () => {
    const fs = features(23);
    const w = new TextGeometryWriter('geojson');
    for (const [a, b] of [[0, 0], [0, 5], [5, 6], [6, 6], [6, 20], [20, 23]] as const) w.add(fs.slice(a, b));
    const out = w.finish(head);
    expect(text(out.bytes)).toBe(text(encodeResult('geojson', parsed(fs)).bytes));
    expect(out.bytes.byteLength).toBe(out.bytes.buffer.byteLength);
  });

  it('nothing added: an empty collection with its head', () => {
    expect(text(new TextGeometryWriter('geojson').finish(head).bytes)).toBe(JSON.stringify({ ...head, features: [] }));
  });

  it('CSV: the rows and WKT of the parsed result, whatever the pieces', () => {
    const fs = features(9);
    const w = new TextGeometryWriter('csv');
    w.add(fs.slice(0, 4));
    w.add(fs.slice(4));
    expect(text(w.finish(head).bytes)).toBe(text(encodeResult('csv', parsed(fs)).bytes));
  });
});

describe('Utf8Writer', () => {
  it('writes what TextEncoder encodes of the whole text, growing past multi-byte characters at the buffer edge', () => {
    const pieces = ['{"a":', '"网格 \u{1F600} 第', '1"}', '', 'x'.repeat(100), '引号 " 与逗号 ,', 'é'];
    for (const initial of [1, 2, 3, 4, 7, 64]) {
      const w = new Utf8Writer(initial);
      for (const p of pieces) w.write(p);
      const out = w.bytes();
      expect([...out]).toEqual([...new TextEncoder().encode(pieces.join(''))]);
      expect(out.byteLength).toBe(out.buffer.byteLength);
    }
  });
});
