/**
 * The lattice's lookups and the worker hand-over: cellIndex (a dense array over the cells' axial box, a Map when
 * that box is huge) against a plain search, the packing of cells and counts into Int32Arrays and back, and the
 * hexagon rings drawn from a precomputed vertex table against the trigonometry done per vertex.
 */
import { describe, expect, it } from 'vitest';
import { cellIndex, cellRing, cellRunsInBox, project, cellRingText, round7, round7Text, unproject, cellCentre, type Axial } from '../../server/domain/analysis/hex-lattice.ts';
import { hotspots, valuesOf } from '../../server/domain/analysis/hotspots.ts';
import { hotspotCollection, hotspotGeoJson, packCells, packCounts, splitByPeriod, unpackCells, unpackCounts } from '../../server/http/analysis/analysis-results.ts';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('cellIndex', () => {
  it('finds every cell and nothing else, in a compact lattice (dense) and a scattered one (Map)', () => {
    const rand = lcg(7);
    for (const spread of [40, 5_000]) {
      const seen = new Set<string>();
      const cells: Axial[] = [];
      while (cells.length < 500) {
        const c: Axial = [Math.floor((rand() - 0.5) * spread), Math.floor((rand() - 0.5) * spread)];
        if (!seen.has(`${c[0]}:${c[1]}`)) (seen.add(`${c[0]}:${c[1]}`), cells.push(c));
      }
      const indexOf = cellIndex(cells);
      cells.forEach(([q, r], i) => expect(indexOf(q, r)).toBe(i));
      for (let k = 0; k < 2_000; k++) {
        const q = Math.floor((rand() - 0.5) * spread * 1.5);
        const r = Math.floor((rand() - 0.5) * spread * 1.5);
        expect(indexOf(q, r)).toBe(cells.findIndex((c) => c[0] === q && c[1] === r));
      }
    }
  });

  it('answers -1 for an empty lattice', () => {
    expect(cellIndex([])(0, 0)).toBe(-1);
  });

  it('valuesOf puts each count on its cell and 0 elsewhere', () => {
    const cells: Axial[] = [[0, 0], [1, 0], [0, 1], [-3, 2]];
    expect(valuesOf(cells, [{ q: -3, r: 2, count: 4 }, { q: 1, r: 0, count: 2 }, { q: 9, r: 9, count: 5 }])).toEqual([0, 2, 0, 4]);
  });
});

describe('the hand-over to the analysis worker', () => {
  it('packs cells and counts into Int32Arrays and back unchanged', () => {
    const cells: Axial[] = [[0, 0], [-120, 77], [300, -299]];
    expect(unpackCells(packCells(cells))).toEqual(cells);
    const counts = [{ q: 1, r: 2, count: 3 }, { q: -4, r: 5, count: 60_000 }];
    expect(unpackCounts(packCounts(counts))).toEqual(counts);
    expect(packCells(cells)).toBeInstanceOf(Int32Array);
  });

  it('splits packed [period, q, r, count] rows into each period\'s packed counts, in order, dropping other periods', () => {
    const rows = Int32Array.from([1, 5, 6, 7, 0, -1, 2, 3, 1, 8, -9, 10, 4, 0, 0, 1, 0, 11, 12, 13, -1, 1, 1, 1]);
    const split = splitByPeriod(rows, 3);
    expect(split.map((p) => unpackCounts(p))).toEqual([
      [{ q: -1, r: 2, count: 3 }, { q: 11, r: 12, count: 13 }],
      [{ q: 5, r: 6, count: 7 }, { q: 8, r: -9, count: 10 }],
      [],
    ]);
  });
});

describe('cellRunsInBox', () => {
  it('holds exactly the cells whose centres fall in the box, one run per row, and throws past maxCells', () => {
    const rand = lcg(11);
    for (let k = 0; k < 40; k++) {
      const [lng, lat] = [113.6 + rand() * 1.2, 35.2 + rand() * 1.1];
      const box = [lng, lat, lng + rand() * 0.3, lat + rand() * 0.3] as const;
      const size = 150 + rand() * 2_000;
      const [x0, y0] = project(box[0], box[1]);
      const [x1, y1] = project(box[2], box[3]);
      const expected: string[] = [];
      const reach = Math.ceil(Math.max(Math.abs(x0), Math.abs(x1), Math.abs(y0), Math.abs(y1)) / size) + 2;
      for (let r = -reach; r <= reach; r++) {
        for (let q = -2 * reach; q <= 2 * reach; q++) {
          const [cx, cy] = cellCentre(q, r, size);
          if (cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1) expected.push(`${q}:${r}`);
        }
      }
      const runs = cellRunsInBox(box, size, Infinity);
      expect(new Set(runs.map((run) => run.r)).size).toBe(runs.length);
      const got = runs.flatMap(({ r, qFirst, qLast }) => Array.from({ length: qLast - qFirst + 1 }, (_, i) => `${qFirst + i}:${r}`));
      expect(got.sort()).toEqual(expected.sort());
      if (expected.length > 1) {
        expect(() => cellRunsInBox(box, size, expected.length - 1)).toThrow(RangeError);
        expect(cellRunsInBox(box, size, expected.length)).toEqual(runs);
      }
    }
  });
});

describe('cellRing', () => {
  it('equals the per-vertex trigonometry it replaced, to the last digit', () => {
    for (const [q, r] of [[0, 0], [17, -40], [-230, 111]] as Axial[]) {
      for (const size of [200, 500, 1234]) {
        const [cx, cy] = cellCentre(q, r, size);
        const want = [0, 1, 2, 3, 4, 5].map((k) => {
          const a = ((60 * k - 30) * Math.PI) / 180;
          const [lng, lat] = unproject(cx + size * Math.cos(a), cy + size * Math.sin(a));
          return [round7(lng), round7(lat)];
        });
        expect(cellRing(q, r, size)).toEqual([...want, want[0]]);
      }
    }
  });
});

describe('round7Text and cellRingText', () => {
  it('round7Text is String(round7(v)) for coordinates, their edges and values outside its fast range', () => {
    const edge = [0, -0, 1, -1, 0.5, 1e-7, 1e-8, -3.4e-7, 114, 36.1, 114.0000001, 35.9999999, 179.9999999, -179.99999995, 999999.9999999, 1e6, 1e6 + 0.1, 1e12, 1e21, 1e22, 0.1 + 0.2, NaN, Infinity];
    for (const v of edge) expect(round7Text(v), String(v)).toBe(String(round7(v)));
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200_000; i++) {
      const v = i % 2 ? 113.5 + rnd() * 1.5 : 35.5 + rnd() * 1.0;
      const w = i % 7 === 0 ? -v * rnd() * 5 : v;
      if (round7Text(w) !== String(round7(w))) expect(round7Text(w), String(w)).toBe(String(round7(w)));
    }
  });

  it('cellRingText is the JSON of cellRing', () => {
    for (const [q, r] of [[0, 0], [17, -40], [-230, 111], [999, -999]] as Axial[]) {
      for (const size of [200, 250, 500, 1234, 5000]) expect(`[${cellRingText(q, r, size)}]`).toBe(JSON.stringify(cellRing(q, r, size)));
    }
  });
});

describe('hotspots over counts in pieces', () => {
  it('a cell counted in two pieces of the window is the same as the cell counted once with their sum', () => {
    const area: Axial[] = [];
    for (let r = -6; r < 6; r++) for (let q = -6 - Math.floor(r / 2); q < 6 - Math.floor(r / 2); q++) area.push([q, r]);
    const merged = area.filter((_, i) => i % 2 === 0).map(([q, r], i) => ({ q, r, count: 1 + ((i * 7919) % 13) }));
    merged.push({ q: 30, r: 30, count: 3 }, { q: 1, r: 1, count: 90 }); // one outside the area
    const first = merged.map((c) => ({ ...c, count: Math.floor(c.count / 3) })).filter((c) => c.count > 0);
    const second = merged.map((c) => ({ ...c, count: c.count - Math.floor(c.count / 3) }));
    for (const fdr of [true, false]) expect(hotspots(area, [...first, ...second], { fdr })).toEqual(hotspots(area, merged, { fdr }));
  });
});

describe('the hotspot answer written as text', () => {
  it('parses to the same collection as the objects it replaced', () => {
    const area: Axial[] = [];
    for (let r = -8; r < 8; r++) for (let q = -8 - Math.floor(r / 2); q < 8 - Math.floor(r / 2); q++) area.push([q, r]);
    const counts = area.filter((_, i) => i % 3 !== 0).map(([q, r], i) => ({ q, r, count: (i * 7919) % 11 }));
    counts.push({ q: 2, r: 2, count: 400 }, { q: 3, r: 2, count: 380 }, { q: 40, r: 40, count: 1 }); // a hot pair; one outside the area
    const sel = { scope: '410502', categories: ['02'], from: new Date('2026-09-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z'), cellMeters: 500 };
    for (const fdr of [true, false]) {
      const result = hotspots(area, counts.filter((c, i, all) => all.findIndex((d) => d.q === c.q && d.r === c.r) === i), { fdr });
      const text = new TextDecoder().decode(hotspotGeoJson(sel, fdr, result));
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(hotspotCollection(sel, fdr, result))));
      expect(text).toBe(JSON.stringify(hotspotCollection(sel, fdr, result))); // byte for byte
      expect(result.cells.some((c) => c.class.startsWith('HOT_'))).toBe(true);
    }
  });
});
