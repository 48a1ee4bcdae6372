/**
 * Slim tiles: a tile carries only the properties declared in collections.ts `tileProperties`. These tests
 * run the client's style functions on features of every layer, recording which properties they read, and
 * fail when a style reads one the tile would not carry (it would silently fall back to grey).
 */
import { describe, expect, it } from 'vitest';
import { COLLECTIONS, type CollectionId, type PropertyDef } from '../../server/protocol/collections.ts';
import { gridFillColour, gridLineColour, pointFillColour, pointLineColour, pointRadius, warningFillColour, warningLineColour, warningLineWidth } from '../../client/src/map/feature-colour.ts';
import { SCHEMES } from '../../client/src/map/layer-styles.ts';
import type { GridFill } from '../../client/src/state/app-state.ts';

const POINT_LAYERS: CollectionId[] = ['cameras', 'checkpoints', 'fire-hazards', 'rental-housing', 'incidents', 'units', 'depots', 'key-places'];
const GRID_FILLS: GridFill[] = ['type', 'population', 'households', 'worker_count'];
const NOW = Date.parse('2026-06-01T12:00:00Z');

function sampleValue(p: PropertyDef, i: number): unknown {
  if (p.codes) {
    const codes = Object.keys(p.codes);
    return p.type === 'integer' ? Number(codes[i % codes.length]) : codes[i % codes.length];
  }
  if (p.type === 'date-time') return new Date(NOW - (i + 1) * 3_600_000).toISOString();
  if (p.type === 'integer' || p.type === 'number') return i * 10;
  if (p.type === 'boolean') return i % 2 === 0;
  return `v${i}`;
}

/** One feature per code of the layer's longest code list, every property filled, reads recorded. */
function samples(layer: CollectionId, read: Set<string>): Record<string, unknown>[] {
  const props = COLLECTIONS[layer].properties;
  const n = Math.max(1, ...props.map((p) => Object.keys(p.codes ?? {}).length));
  return Array.from({ length: n }, (_, i) => {
    const values = Object.fromEntries(props.map((p) => [p.name, sampleValue(p, i)]));
    return new Proxy(values, {
      get(target, key) {
        if (typeof key === 'string') read.add(key);
        return target[key as string];
      },
    });
  });
}

describe('tiles carry what the styles read', () => {
  it.each(POINT_LAYERS)('%s: fill, outline and radius read only tile properties', (layer) => {
    const read = new Set<string>();
    for (const p of samples(layer, read)) {
      pointFillColour(layer, p);
      pointLineColour(layer, p, NOW);
      pointRadius(layer, p);
    }
    expect(read.size).toBeGreaterThan(0);
    expect([...read].filter((k) => !COLLECTIONS[layer].tileProperties.includes(k))).toEqual([]);
  });

  it('grids: every fill and the outline read only tile properties', () => {
    const read = new Set<string>();
    for (const p of samples('grids', read)) {
      for (const fill of GRID_FILLS) gridFillColour(p, fill);
      gridLineColour(p);
    }
    expect([...read].sort()).toEqual([...COLLECTIONS.grids.tileProperties].filter((k) => k !== 'code').sort());
  });

  it('warnings: fill, outline and width read only tile properties', () => {
    const read = new Set<string>();
    for (const p of samples('warnings', read)) {
      warningFillColour(p);
      warningLineColour(p);
      warningLineWidth(p);
    }
    expect([...read].sort()).toEqual(['level', 'status']);
    expect([...read].filter((k) => !COLLECTIONS.warnings.tileProperties.includes(k))).toEqual([]);
  });

  it('every tile layer carries its id (picking and the card) and its legend property', () => {
    for (const def of Object.values(COLLECTIONS)) {
      expect(def.tileProperties, def.id).toContain(def.idProperty);
      const scheme = SCHEMES[def.id];
      // incidents are coloured by bucket, derived from status
      const legend = scheme?.property === 'bucket' ? 'status' : scheme?.property;
      if (legend) expect(def.tileProperties, def.id).toContain(legend);
      for (const name of def.tileProperties) expect(def.properties.map((p) => p.name), def.id).toContain(name);
    }
  });
});
