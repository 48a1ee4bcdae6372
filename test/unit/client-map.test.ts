import { describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { areaFilter, tileUrlTemplate } from '../../client/src/map/tile-query.ts';
import { buildOfflineStyle, districtLabels, LABELS_ANCHOR, NO_LABELS } from '../../client/src/map/basemap-style.ts';
import { buildGridsLayer } from '../../client/src/map/layers/grids-layer.ts';
import { buildPointTilesLayer } from '../../client/src/map/layers/point-tiles-layer.ts';
import { buildWarningsLayer } from '../../client/src/map/layers/warnings-layer.ts';
import { buildUnitsLayer, createUnitStyle } from '../../client/src/map/layers/units-layer.ts';
import { PointColumns } from '../../client/src/map/point-columns.ts';
import { buildOverlayLayer, pulsing } from '../../client/src/map/layers/overlay-layer.ts';
import { pointFillColour, pointLineColour, gridFillColour, warningFillColour, warningLineColour, warningLineWidth } from '../../client/src/map/feature-colour.ts';
import { SCHEMES } from '../../client/src/map/layer-styles.ts';
import { RISK, WARNING_LEVEL_COLOURS } from '../../client/src/lib/colors.ts';
import { WARNING_COLOURS } from '../../client/src/features/analysis/model/scales.ts';
import { collectionOfLayerId } from '../../client/src/map/DeckLayers.tsx';
import type { OverlayEntry } from '../../client/src/state/app-state.ts';

const src = { origin: 'http://localhost:8150', filters: {}, version: 0, workerUrl: '' };

describe('tile queries', () => {
  it('narrows each layer by the most specific area property it can filter on', () => {
    expect(areaFilter('cameras', '410502001001')).toEqual({ community_code: '410502001001' });
    // Units carry street and community codes since migration 030.
    expect(areaFilter('units', '410502001001')).toEqual({ community_code: '410502001001' });
    expect(areaFilter('depots', '410502001001')).toEqual({ street_code: '410502001' });
    expect(areaFilter('depots', '410502001')).toEqual({ street_code: '410502001' });
    expect(areaFilter('grids', '410502001001002')).toEqual({ code: '410502001001002' });
    expect(areaFilter('incidents', '410502001001002')).toEqual({ grid_code: '410502001001002' });
    expect(areaFilter('cameras', '410500')).toEqual({});
    expect(areaFilter('cameras', null)).toEqual({});
  });

  it('sorts filters into the query and keeps the version out of it', () => {
    expect(tileUrlTemplate('http://h', 'cameras', { status: 'OFF', district_code: '410502' }, 0)).toBe(
      'http://h/tiles/cameras/{z}/{x}/{y}.mvt?district_code=410502&status=OFF',
    );
    expect(tileUrlTemplate('http://h', 'cameras', {}, 3)).toBe('http://h/tiles/cameras/{z}/{x}/{y}.mvt#v3');
  });
});

describe('offline basemap style', () => {
  it('is a valid MapLibre style with local glyphs and our own boundary tiles only', () => {
    for (const theme of ['dark', 'light'] as const) {
      const style = buildOfflineStyle(theme, 'http://localhost:8150');
      expect(validateStyleMin(style)).toEqual([]);
      const urls = [style.glyphs, ...Object.values(style.sources).flatMap((s) => ('tiles' in s ? s.tiles ?? [] : []))];
      for (const u of urls) expect(u).toMatch(/^http:\/\/localhost:8150\//);
      expect(style.layers.some((l) => l.id === LABELS_ANCHOR)).toBe(true);
    }
  });

  it('labels districts and streets from one point each, not from tiles', () => {
    const labels = districtLabels([{ code: '410502', name: '文峰区', label: [114.35, 36.08] }]);
    const style = buildOfflineStyle('dark', 'http://localhost:8150', { districts: labels, streets: NO_LABELS });
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.sources['districts-labels']).toMatchObject({ type: 'geojson', data: labels });
    expect(style.sources['streets-labels']).toMatchObject({ type: 'geojson' });
    const anchor = style.layers.find((l) => l.id === LABELS_ANCHOR) as { source: string; 'source-layer'?: string };
    expect(anchor.source).toBe('districts-labels');
    expect(anchor['source-layer']).toBeUndefined();
  });
});

describe('feature colours', () => {
  it('draws an offline camera grey with a red ring, unlike an online one', () => {
    const on = pointFillColour('cameras', { status: 'ON', ptz_type: 1 });
    const off = pointFillColour('cameras', { status: 'OFF', ptz_type: 1 });
    expect(off).not.toEqual(on);
    expect(off.slice(0, 3)).toEqual([110, 110, 110]);
    expect(pointLineColour('cameras', { status: 'OFF' }, 0)).toEqual([229, 57, 53, 255]);
  });
  it('draws a major fire hazard red', () => expect(pointFillColour('fire-hazards', { grade: 'MAJOR', status: 'REGISTERED' }).slice(0, 3)).toEqual([229, 57, 53]));
  it('rings an overdue incident red', () => {
    const p = { status: 'PROCESSING', reported_at: '2026-01-01T00:00:00Z', deadline: '2026-01-01T02:00:00Z' };
    expect(pointLineColour('incidents', p, Date.parse('2026-01-01T03:00:00Z')).slice(0, 3)).toEqual([229, 57, 53]);
  });
  it('draws a warning in its level’s risk colour, strongest in force, only a faint outline once lifted', () => {
    expect(warningFillColour({ level: 1, status: 'ACTIVE' })).toEqual([...RISK.MAJOR!, 56]);
    expect(warningLineColour({ level: 4, status: 'ACTIVE' })).toEqual([...RISK.LOW!, 255]);
    // Tiles carry the level as an integer, the OGC items too; a code string reads the same.
    expect(warningFillColour({ level: '2', status: 'ACKNOWLEDGED' })).toEqual([...RISK.LARGER!, 28]);
    expect(warningFillColour({ level: 3, status: 'LIFTED' })[3]).toBe(0);
    expect(warningLineColour({ level: 3, status: 'LIFTED' })).toEqual([...RISK.GENERAL!, 90]);
    expect(warningLineWidth({ status: 'ACTIVE' })).toBeGreaterThan(warningLineWidth({ status: 'ACKNOWLEDGED' }));
    expect(warningLineWidth({ status: 'ACKNOWLEDGED' })).toBeGreaterThan(warningLineWidth({ status: 'LIFTED' }));
    // An unknown level is grey, never one of the level colours.
    expect(Object.values(WARNING_LEVEL_COLOURS)).not.toContainEqual(warningFillColour({ level: 9, status: 'ACTIVE' }).slice(0, 3));
  });
  it('colours warnings from the one table the legend, the wall and the planner’s workspace read', () => {
    expect(SCHEMES.warnings).toMatchObject({ property: 'level' });
    expect(SCHEMES.warnings!.colours).toBe(WARNING_LEVEL_COLOURS);
    expect(WARNING_COLOURS).toBe(WARNING_LEVEL_COLOURS);
    expect(Object.keys(SCHEMES.warnings!.codes!)).toEqual(Object.keys(WARNING_LEVEL_COLOURS));
  });
  it('fills grids by KPI on a ramp', () => {
    expect(gridFillColour({ population: 0 }, 'population')).not.toEqual(gridFillColour({ population: 2500 }, 'population'));
  });
});

describe('layer builders', () => {
  it('build a grids tile layer with the KPI as update trigger', () => {
    const l = buildGridsLayer({ ...src, visible: true, fill: 'population' });
    expect(l.id).toBe('tiles-grids');
    expect(l.props.data).toBe('http://localhost:8150/tiles/grids/{z}/{x}/{y}.mvt');
    expect(l.props.minZoom).toBe(10);
    expect(l.props.updateTriggers).toEqual({ getFillColor: ['population'] });
  });

  it('hide a point layer with visible=false, keeping its id', () => {
    const l = buildPointTilesLayer({ ...src, layer: 'cameras', visible: false, now: 0, filters: { status: 'OFF' } });
    expect(l.id).toBe('tiles-cameras');
    expect(l.props.visible).toBe(false);
    expect(l.props.data).toContain('?status=OFF');
    expect(l.props.uniqueIdProperty).toBe('id');
  });

  it('build the warnings tile layer at every zoom, coloured by level and status, outlines in pixels', () => {
    const l = buildWarningsLayer({ ...src, visible: true, filters: { status: 'ACTIVE' }, version: 3 });
    expect(l.id).toBe('tiles-warnings');
    expect(l.props.data).toContain('/tiles/warnings/{z}/{x}/{y}.mvt');
    expect(l.props.data).toContain('status=ACTIVE');
    expect(l.props.minZoom).toBe(0);
    expect(l.props.visible).toBe(true);
    expect(l.props.pickable).toBe(true);
    expect(l.props.uniqueIdProperty).toBe('id');
    expect(l.props.lineWidthUnits).toBe('pixels');
    expect(l.props.pointRadiusUnits).toBe('pixels');
    const fill = l.props.getFillColor as (f: { properties: Record<string, unknown> }) => number[];
    const width = l.props.getLineWidth as (f: { properties: Record<string, unknown> }) => number;
    expect(fill({ properties: { level: 1, status: 'ACTIVE' } })).toEqual(warningFillColour({ level: 1, status: 'ACTIVE' }));
    expect(width({ properties: { status: 'ACTIVE' } })).toBe(3);
    expect(buildWarningsLayer({ ...src, visible: false }).props.visible).toBe(false);
  });

  it('draw aggregated bins by count', () => {
    const l = buildPointTilesLayer({ ...src, layer: 'rental-housing', visible: true, now: 0 });
    const radius = l.props.getPointRadius as (f: { properties: Record<string, unknown> }) => number;
    expect(radius({ properties: { aggregated: true, count: 1000 } })).toBeGreaterThan(radius({ properties: { aggregated: true, count: 10 } }));
  });

  it('pick a unit from binary data: the index gives the unit in that slot (id, position, properties)', () => {
    const columns = new PointColumns(createUnitStyle());
    columns.upsert('U1', 114.1, 36.1, { id: 'U1', type: 'FIRE_RESCUE', status: 'AVAILABLE' });
    columns.upsert('U2', 114.2, 36.2, { id: 'U2', type: 'MEDICAL', status: 'EN_ROUTE' });
    columns.remove('U1');
    const layer = buildUnitsLayer({ data: columns.data(), visible: true });
    const info = layer.getPickingInfo({ info: { index: 0, layer, object: undefined } as never, mode: 'query', sourceLayer: layer });
    expect(info.object).toEqual({ type: 'Feature', id: 'U2', geometry: { type: 'Point', coordinates: [114.2, 36.2] }, properties: { id: 'U2', type: 'MEDICAL', status: 'EN_ROUTE' } });
    expect(layer.getPickingInfo({ info: { index: -1, layer, object: undefined } as never, mode: 'query', sourceLayer: layer }).object).toBeUndefined();
  });

  it('draws units where their last fix is, without a GPU transition (it left units undrawn in software WebGL)', () => {
    const columns = new PointColumns(createUnitStyle());
    columns.upsert('U1', 114.1, 36.1, { id: 'U1', type: 'FIRE_RESCUE', status: 'AVAILABLE' });
    const layer = buildUnitsLayer({ data: columns.data(), visible: true });
    expect(layer.id).toBe('units');
    expect(layer.props.transitions).toBeFalsy();
  });

  it('draw overlay upserts and pulse only fresh ones', () => {
    const f = { type: 'Feature' as const, id: 'E1', geometry: { type: 'Point' as const, coordinates: [114, 36] }, properties: { status: 'REPORTED' } };
    const entries = new Map<string, OverlayEntry>([
      ['E1', { feature: f, at: 1000, seq: 1, fresh: true }],
      ['E2', { feature: null, at: 1000, seq: 2, fresh: false }],
    ]);
    const l = buildOverlayLayer({ layer: 'incidents', entries, visible: true, now: 1000 });
    expect((l.props.data as unknown[]).length).toBe(1);
    expect(pulsing(entries, 2000)).toHaveLength(1);
    expect(pulsing(entries, 1000 + 31_000)).toHaveLength(0);
  });

  it('map picked layer ids back to collections', () => {
    expect(collectionOfLayerId('tiles-fire-hazards')).toBe('fire-hazards');
    expect(collectionOfLayerId('overlay-incidents')).toBe('incidents');
    expect(collectionOfLayerId('units')).toBe('units');
    expect(collectionOfLayerId('tiles-warnings')).toBe('warnings');
    expect(collectionOfLayerId('pulse')).toBeNull();
  });
});
