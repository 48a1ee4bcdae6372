/**
 * The planner workspace's pure logic (client/src/features/analysis, client/src/state/analysis-slice.ts):
 * breaks and colour scales, the legends made from them, CSV and GeoJSON export, the factor breakdown, the
 * analysis slice and its registration in the store, the request window.
 */
import { describe, expect, it } from 'vitest';
import type { Feature, Geometry } from 'geojson';
import { RISK_MODEL } from '../../server/domain/analysis/model-config.ts';
import { translator } from '../../client/src/i18n/index.ts';
import { RISK } from '../../client/src/lib/colors.ts';
import { initialState } from '../../client/src/state/app-state.ts';
import { defaultParams, initialAnalysis, reduceAnalysis, type AnalysisResult } from '../../client/src/state/analysis-slice.ts';
import { createStore } from '../../client/src/state/store.ts';
import { centreOf, csvField, featuresToCsv, resultToCsv, resultToGeoJson, toCsv } from '../../client/src/features/analysis/model/export.ts';
import { breakdownOf, breakdownOfGrade, factorRows } from '../../client/src/features/analysis/model/factors.ts';
import { FACTOR_NAMES } from '../../client/src/features/analysis/model/factor-names.ts';
import { COVERAGE_BREAKS, responseBreaks, styleOf } from '../../client/src/features/analysis/model/result-style.ts';
import {
  classify,
  classRanges,
  colourAt,
  equalBreaks,
  HOTSPOT_COLOURS,
  niceNumber,
  quantileBreaks,
  quantileScale,
  RAMPS,
  RISK_COLOURS,
} from '../../client/src/features/analysis/model/scales.ts';
import { stepsFor, transitionRequest, warningOrder } from '../../client/src/features/analysis/model/warnings.ts';
import { histogram } from '../../client/src/features/analysis/charts/chart-options.ts';
import { dayStart, paramProblem, windowOf } from '../../client/src/features/analysis/run-analysis.ts';
import { parseSse } from '../../client/src/net/analysis-api.ts';
import { kpiTicks } from '../../client/src/features/layers/kpi-ticks.ts';

type F = Feature<Geometry, Record<string, unknown>>;
const square = (x: number, y: number, props: Record<string, unknown>, id?: string): F => ({
  type: 'Feature',
  ...(id ? { id } : {}),
  geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] },
  properties: props,
});

function result(kind: AnalysisResult['kind'], features: F[], params = defaultParams(Date.UTC(2026, 11, 4))): AnalysisResult {
  return { kind, params, features: { type: 'FeatureCollection', features }, parameters: { cellMeters: 500 }, extra: {}, receivedAt: 0 };
}

const zh = translator('zh');
const en = translator('en');

describe('breaks', () => {
  it('quantile breaks split the values into classes of about equal size', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(quantileBreaks(values, 4)).toEqual([26, 51, 75]); // 25.75, 50.5, 75.25 to 2 significant digits
    const b = quantileBreaks(values, 5);
    const sizes = histogram(values, b);
    expect(sizes).toHaveLength(5);
    for (const n of sizes) expect(n).toBeGreaterThanOrEqual(18);
  });

  it('ties collapse classes instead of making empty ones; constant data has no breaks', () => {
    const zeros = [...new Array(90).fill(0), 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
    const b = quantileBreaks(zeros, 5);
    expect(b.length).toBeLessThan(4);
    for (let i = 1; i < b.length; i++) expect(b[i]).toBeGreaterThan(b[i - 1]!);
    expect(quantileBreaks([3, 3, 3], 5)).toEqual([]);
    expect(quantileBreaks([NaN, Infinity, 1], 3)).toEqual([]);
  });

  it('classify counts the breaks at or below a value; ranges run from min to max', () => {
    expect(classify(-1, [0, 10])).toBe(0);
    expect(classify(0, [0, 10])).toBe(1);
    expect(classify(9.99, [0, 10])).toBe(1);
    expect(classify(10, [0, 10])).toBe(2);
    const s = quantileScale([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], RAMPS.density, 5);
    const r = classRanges(s);
    expect(r[0]![0]).toBe(1);
    expect(r[r.length - 1]![1]).toBe(10);
    expect(r).toHaveLength(s.breaks.length + 1);
    expect(colourAt(s, 1)).toEqual(RAMPS.density[0]);
    expect(colourAt(s, 10)).toEqual(RAMPS.density[4]);
  });

  it('equal breaks and rounding', () => {
    expect(equalBreaks(0, 100, 4)).toEqual([25, 50, 75]);
    expect(equalBreaks(5, 5, 4)).toEqual([]);
    expect(niceNumber(12.3418)).toBe(12);
    expect(niceNumber(0.012345)).toBeCloseTo(0.012, 6);
    expect(kpiTicks(2500)).toEqual([0, 625, 1250, 1875, 2500]);
    expect(kpiTicks(6)).toEqual([0, 1.5, 3, 4.5, 6]);
  });
});

describe('colour scales and legends', () => {
  it('risk levels wear the four official colours from lib/colors.ts', () => {
    expect(RISK_COLOURS).toEqual({ MAJOR: RISK.MAJOR, LARGER: RISK.LARGER, GENERAL: RISK.GENERAL, LOW: RISK.LOW });
    const r = result('risk', [square(114, 36, { code: '410502001001001', risk_level: 'MAJOR' }), square(114.1, 36, { code: '410502001001002', risk_level: 'LOW' })]);
    const s = styleOf(r, zh, 'zh');
    expect(s.legend.items.map((i) => [i.key, i.label, i.count])).toEqual([
      ['MAJOR', `重大风险 · ≥${RISK_MODEL.thresholds.major}`, 1],
      ['LARGER', `较大风险 · ${RISK_MODEL.thresholds.larger}–${RISK_MODEL.thresholds.major}`, 0],
      ['GENERAL', `一般风险 · ${RISK_MODEL.thresholds.general}–${RISK_MODEL.thresholds.larger}`, 0],
      ['LOW', `低风险 · <${RISK_MODEL.thresholds.general}`, 1],
    ]);
    expect(s.legend.note).toContain(RISK_MODEL.version);
    expect(s.fill(r.features.features[0]!).slice(0, 3)).toEqual(RISK.MAJOR);
  });

  it('Gi* classes are a diverging red/blue scheme labelled 热点/冷点 with their confidence', () => {
    for (const p of ['99', '95', '90'] as const) {
      const hot = HOTSPOT_COLOURS[`HOT_${p}`];
      const cold = HOTSPOT_COLOURS[`COLD_${p}`];
      expect(hot[0], `HOT_${p} is red-ish`).toBeGreaterThan(hot[2]);
      expect(cold[2], `COLD_${p} is blue-ish`).toBeGreaterThan(cold[0]);
    }
    // Stronger confidence is darker/more saturated on each side.
    expect(HOTSPOT_COLOURS.HOT_99[1]).toBeLessThan(HOTSPOT_COLOURS.HOT_90[1]);
    expect(HOTSPOT_COLOURS.COLD_99[0]).toBeLessThan(HOTSPOT_COLOURS.COLD_90[0]);
    const cells = [square(0, 0, { class: 'HOT_99', count: 30 }), square(1, 0, { class: 'HOT_99', count: 25 }), square(2, 0, { class: 'COLD_95', count: 0 }), square(3, 0, { class: 'NONE', count: 2 })];
    const legend = styleOf(result('hotspots', cells), zh, 'zh').legend;
    expect(legend.title).toBe('热点分析 Gi*');
    expect(legend.items.map((i) => `${i.key}:${i.label}:${i.count}`)).toEqual([
      'HOT_99:热点 99% 置信度:2',
      'HOT_95:热点 95% 置信度:0',
      'HOT_90:热点 90% 置信度:0',
      'NONE:不显著:1',
      'COLD_90:冷点 90% 置信度:0',
      'COLD_95:冷点 95% 置信度:1',
      'COLD_99:冷点 99% 置信度:0',
    ]);
    expect(styleOf(result('hotspots', cells), en, 'en').legend.items[0]!.label).toBe('Hot spot, 99% confidence');
    // With the server's FDR-corrected critical p-values, each class states its break.
    const withP = { ...result('hotspots', cells), parameters: { fdr: { applied: true, criticalP: { 99: 0.00042, 95: 0.0131, 90: 0 } } } };
    expect(styleOf(withP, zh, 'zh').legend.items.map((i) => i.label)).toEqual([
      '热点 99% 置信度 · p ≤ 4.20e-4',
      '热点 95% 置信度 · p ≤ 0.0131',
      '热点 90% 置信度 · 无显著单元',
      '不显著 · p > 0',
      '冷点 90% 置信度 · 无显著单元',
      '冷点 95% 置信度 · p ≤ 0.0131',
      '冷点 99% 置信度 · p ≤ 4.20e-4',
    ]);
  });

  it('density is labelled 密度 (not significance), in purple quantile classes with their ranges', () => {
    const cells = Array.from({ length: 50 }, (_, i) => square(i, 0, { density: i * 2 }));
    const legend = styleOf(result('density', cells), zh, 'zh').legend;
    expect(legend.title).toBe('密度');
    expect(legend.note).toContain('不代表统计显著性');
    expect(legend.kind).toBe('steps');
    expect(legend.items.length).toBe(5);
    expect(legend.items[0]!.range![0]).toBe(0);
    expect(legend.items[4]!.range![1]).toBe(98);
    expect(legend.items.reduce((n, i) => n + i.count, 0)).toBe(50);
    for (const i of legend.items) expect(i.colour[2], 'purple ramp: blue channel high').toBeGreaterThanOrEqual(i.colour[1]);
  });

  it('response coverage breaks sit around the target; classes at or over it say so', () => {
    expect(responseBreaks(8)).toEqual([4, 8, 12, 16]);
    const cells = [3, 5, 9, 13, 30].map((m, i) => square(i, 0, { grid_code: `41050200100100${i}`, minutes: m }));
    const r = result('response-coverage', cells, { ...defaultParams(0), minutes: 8 });
    const legend = styleOf(r, zh, 'zh').legend;
    expect(legend.title).toBe('响应时间(目标 8 分钟)');
    expect(legend.items.map((i) => i.count)).toEqual([1, 1, 1, 1, 1]);
    expect(legend.items.filter((i) => i.label.includes('超出目标')).map((i) => i.key)).toEqual(['2', '3', '4']);
  });

  it('camera coverage uses fixed share breaks shown as percentages', () => {
    const cells = [0, 0.1, 0.5, 0.9, 1].map((s, i) => square(i, 0, { seen_share: s }));
    const legend = styleOf(result('camera-coverage', cells), zh, 'zh').legend;
    expect(legend.items.map((i) => i.range)).toEqual([[0, 0.2], [0.2, 0.4], [0.4, 0.6], [0.6, 0.8], [0.8, 1]]);
    expect(legend.items.map((i) => i.label)).toEqual(['0–20%', '20–40%', '40–60%', '60–80%', '80–100%']);
    expect(legend.items.map((i) => i.count)).toEqual([2, 0, 1, 0, 2]);
    expect(COVERAGE_BREAKS).toHaveLength(4);
  });
});

describe('export', () => {
  it('quotes CSV fields per RFC 4180 and keeps text that looks like a formula literal', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(toCsv(['a', 'b'], [[1, 'x'], [2, null]])).toBe('a,b\r\n1,x\r\n2,\r\n');
  });

  it('features become one row each: id, properties (preferred first), centre lng/lat; with a BOM', () => {
    const fs = [square(114.3, 36.1, { count: 3, class: 'HOT_99', gi_z: 3.2 }, '1:2'), square(114.31, 36.1, { count: 0, class: 'NONE', gi_z: -0.1, gi_p: 0.9 }, '1:3')];
    const csv = featuresToCsv(fs, ['count', 'gi_z', 'gi_p', 'class']);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,count,gi_z,gi_p,class,lng,lat');
    expect(lines[1]).toBe('1:2,3,3.2,,HOT_99,114.305,36.105');
    expect(lines[2]).toBe('1:3,0,-0.1,0.9,NONE,114.315,36.105');
    expect(centreOf({ type: 'Point', coordinates: [114.1234567, 36.7654321] })).toEqual([114.123457, 36.765432]);
    expect(centreOf(null as unknown as Geometry)).toBeNull();
  });

  it('a result exports as CSV and as GeoJSON carrying its parameters', () => {
    const r = result('hotspots', [square(0, 0, { cell: '0:0', count: 5, gi_z: 2.7, gi_p: 0.007, class: 'HOT_99' }, '0:0')]);
    const csv = resultToCsv(r).slice(1).split('\r\n');
    expect(csv[0]).toBe('id,count,gi_z,gi_p,class,cell,lng,lat');
    expect(csv[1]).toBe('0:0,5,2.7,0.007,HOT_99,0:0,0.005,0.005');
    const doc = JSON.parse(resultToGeoJson(r));
    expect(doc.type).toBe('FeatureCollection');
    expect(doc.analysis).toBe('hotspots');
    expect(doc.parameters).toEqual({ cellMeters: 500 });
    expect(doc.features).toHaveLength(1);
    expect(doc.features[0].properties.class).toBe('HOT_99');
  });
});

describe('factor breakdown', () => {
  it('lists factors largest first with their names, from an object or its JSON text', () => {
    const raw = { incidents: 20.5, fireHazards: 12, cameraGap: 0, unknownFactor: 3 };
    const rows = factorRows(raw, FACTOR_NAMES, 'zh');
    expect(rows.map((r) => r.factor)).toEqual(['incidents', 'fireHazards', 'unknownFactor', 'cameraGap']);
    expect(rows[0]!.label).toBe('近期事件（时间衰减、按类别加权）');
    expect(rows[2]!.label).toBe('unknownFactor');
    expect(factorRows(JSON.stringify(raw), FACTOR_NAMES, 'en')[0]!.label).toMatch(/^Recent incidents/);
    expect(factorRows({ incidents: { contribution: 7, value: 12 } }, FACTOR_NAMES, 'en')).toEqual([{ factor: 'incidents', label: FACTOR_NAMES.incidents!.en, contribution: 7, value: 12 }]);
    expect(factorRows('not json', FACTOR_NAMES, 'zh')).toEqual([]);
    const b = breakdownOf({ code: '410502001001001', risk_level: 'MAJOR', risk_score: '61.2', risk_model_version: 'risk-x', risk_factors: raw }, FACTOR_NAMES, 'zh');
    expect(b).toMatchObject({ code: '410502001001001', level: 'MAJOR', score: 61.2, version: 'risk-x' });
  });
});

describe('the grade answer and job events', () => {
  it('a grade answer becomes the breakdown, largest points first, in the page language', () => {
    const b = breakdownOfGrade(
      {
        code: '410502001001001',
        name: '东风网格',
        risk_level: 'LARGER',
        risk_score: 41.5,
        risk_model_version: 'risk-2026.12-a',
        factors: [
          { factor: 'rental', zh: '出租房屋密度', en: 'Rental housing density', points: 3.1, maxPoints: 11.1 },
          { factor: 'incidents', zh: '近期事件', en: 'Recent incidents', points: 30, maxPoints: 33.3 },
        ],
      },
      'en',
    );
    expect(b.factors.map((f) => [f.factor, f.label, f.contribution, f.maxPoints])).toEqual([
      ['incidents', 'Recent incidents', 30, 33.3],
      ['rental', 'Rental housing density', 3.1, 11.1],
    ]);
    expect(b).toMatchObject({ level: 'LARGER', score: 41.5, version: 'risk-2026.12-a', name: '东风网格' });
  });

  it('server-sent events are parsed across chunk boundaries', () => {
    const got: [string, string][] = [];
    const on = (e: string, d: string) => got.push([e, d]);
    let tail = parseSse('event: progress\ndata: {"done":1}\n\nevent: pro', on);
    expect(got).toEqual([['progress', '{"done":1}']]);
    tail = parseSse(`${tail}gress\ndata: {"done":2}\n\nevent: done\ndata: {"state":"done"}\n\n`, on);
    expect(tail).toBe('');
    expect(got.map(([e]) => e)).toEqual(['progress', 'progress', 'done']);
  });
});

describe('analysis slice', () => {
  it('drops the answer of a superseded run and keeps the parameters that made a result', () => {
    let s = initialAnalysis(Date.UTC(2026, 11, 4));
    s = reduceAnalysis(s, { type: 'analysis/runStarted', id: 1, at: 0 });
    s = reduceAnalysis(s, { type: 'analysis/setParams', params: { cellMeters: 1000 } });
    s = reduceAnalysis(s, { type: 'analysis/runStarted', id: 2, at: 1 });
    const stale = reduceAnalysis(s, { type: 'analysis/runDone', id: 1, result: { features: { type: 'FeatureCollection', features: [] }, parameters: {}, extra: {}, receivedAt: 2 } });
    expect(stale).toBe(s);
    s = reduceAnalysis(s, { type: 'analysis/runProgress', id: 2, progress: 1.7, bytes: 10 });
    expect(s.run).toMatchObject({ progress: 1, bytes: 10 });
    s = reduceAnalysis(s, { type: 'analysis/setParams', params: { cellMeters: 200 } });
    s = reduceAnalysis(s, { type: 'analysis/runDone', id: 2, result: { features: { type: 'FeatureCollection', features: [] }, parameters: {}, extra: {}, receivedAt: 3 } });
    expect(s.run?.status).toBe('done');
    expect(s.run?.result?.params.cellMeters).toBe(1000);
    expect(s.params.cellMeters).toBe(200);
  });

  it('is registered in the store: its actions change it alone, and a sign-out starts it over', () => {
    const store = createStore(initialState());
    const before = store.getState();
    expect(before.analysis.kind).toBe('hotspots');
    store.dispatch({ type: 'analysis/setKind', kind: 'risk' });
    const after = store.getState();
    expect(after.analysis.kind).toBe('risk');
    expect(after.ui).toBe(before.ui);
    store.dispatch({ type: 'toggleLayer', layer: 'cameras' });
    expect(store.getState().analysis).toBe(after.analysis);
    let calls = 0;
    store.subscribe(() => calls++);
    store.dispatch({ type: 'analysis/setKind', kind: 'risk' });
    expect(calls, 'no change, no notification').toBe(0);
    store.dispatch({ type: 'resetSession' });
    expect(store.getState().analysis.kind).toBe('hotspots');
    expect(store.getState().ui.layers.cameras.visible).toBe(true);
  });
});

describe('request window and warnings', () => {
  it('inclusive local dates become [start of from, start of the day after to)', () => {
    const w = windowOf({ from: '2026-11-05', to: '2026-12-04' });
    expect(w.from).toMatch(/^2026-11-05T00:00:00[+-]\d\d:\d\d$/);
    expect(w.to).toMatch(/^2026-12-05T00:00:00[+-]\d\d:\d\d$/);
    expect(dayStart('2026-12-31', 1)).toMatch(/^2027-01-01T00:00:00/);
    expect(paramProblem('hotspots', { ...defaultParams(0), from: '2026-12-05', to: '2026-12-04' })).toBe('fromAfterTo');
    expect(paramProblem('risk', { ...defaultParams(0), from: '2026-12-05', to: '2026-12-04' })).toBeNull();
  });

  it('a warning is acknowledged while active and lifted until lifted; open and severe ones list first', () => {
    expect(stepsFor('ACTIVE')).toEqual(['ACKNOWLEDGE', 'LIFT']);
    expect(stepsFor('ACKNOWLEDGED')).toEqual(['LIFT']);
    expect(transitionRequest('YJ2026120400001', 'LIFT', 3)).toEqual({ path: '/api/warnings/YJ2026120400001/transitions', body: { action: 'LIFT', version: 3 } });
    expect(stepsFor('LIFTED')).toEqual([]);
    const list = [
      { id: 'a', status: 'LIFTED', level: 1, raised_at: '2026-12-04T01:00:00Z' },
      { id: 'b', status: 'ACTIVE', level: 3, raised_at: '2026-12-04T02:00:00Z' },
      { id: 'c', status: 'ACTIVE', level: 1, raised_at: '2026-12-04T00:00:00Z' },
      { id: 'd', status: 'ACKNOWLEDGED', level: 1, raised_at: '2026-12-04T03:00:00Z' },
    ];
    expect(list.sort(warningOrder).map((w) => w.id)).toEqual(['d', 'c', 'b', 'a']);
  });
});
