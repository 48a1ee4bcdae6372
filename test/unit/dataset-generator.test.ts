import { beforeAll, describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import { createHash } from 'node:crypto';
import { readDatasetInputs } from '../../server/db/dataset/dataset-loader.ts';
import { createDataset, type Dataset } from '../../server/dataset/index.ts';
import type { DatasetInputs } from '../../server/dataset/core/inputs.ts';
import { readingOrder } from '../../server/dataset/places/grids.ts';
import { HIGH_TECH_CODE, LAYER_COUNTS } from '../../server/dataset/core/constants.ts';
import { parseCameraId, isValidIdNumber } from '../../server/dataset/core/identity.ts';
import { URGENCY_TIME_LIMIT_HOURS } from '../../server/protocol/codes.ts';
import type { Row } from '../../server/dataset/core/context.ts';

const NOW = new Date('2026-06-15T04:00:00Z');
const SCALE = 0.05;
let inputs: DatasetInputs;
let ds: Dataset;

const collect = (d: Dataset) => {
  const out: Record<string, Row[]> = {};
  for (const stream of [d.cameras(), d.checkpoints(), d.fireHazards(), d.rentalHousing(), d.incidents()]) {
    for (const [table, row] of stream) (out[table] ??= []).push(row);
  }
  return out;
};
const digest = (d: Dataset) =>
  createHash('sha256')
    .update(JSON.stringify([d.adminUnits(), d.grids(), d.gridWorkers(), d.keyPlaces(), d.depots(), d.units(), collect(d)]))
    .digest('hex');

let rows: Record<string, Row[]>;
beforeAll(async () => {
  inputs = await readDatasetInputs();
  ds = createDataset(inputs, { seed: 410500, scale: SCALE, now: NOW });
  rows = collect(ds);
});

describe('determinism', () => {
  it('gives the same rows for the same seed, scale and clock, and different rows for another seed', () => {
    const same = createDataset(inputs, { seed: 410500, scale: SCALE, now: NOW });
    const other = createDataset(inputs, { seed: 7, scale: 0.01, now: NOW });
    expect(digest(same)).toBe(digest(ds));
    expect(digest(other)).not.toBe(digest(ds));
  });
});

describe('admin units and grids', () => {
  it('keeps the real codes and totals the city population', () => {
    const units = ds.adminUnits();
    expect(units.filter((u) => u.level === 2)).toHaveLength(10);
    expect(units.filter((u) => u.level === 3)).toHaveLength(137);
    expect(units.filter((u) => u.level === 4)).toHaveLength(3287);
    const city = units.find((u) => u.level === 1)!;
    expect(city).toMatchObject({ code: '410500', households: 1_830_000, population: 5_480_000 });
    expect(units.filter((u) => u.level === 2 && !u.generated).map((u) => u.code).sort()).toEqual(inputs.districts.map((d) => d.code).sort());
  });

  it('sizes grids by the household rule and numbers them in reading order', () => {
    const grids = ds.grids();
    const comprehensive = grids.filter((g) => g.type === 'COMPREHENSIVE');
    expect(comprehensive.length).toBeGreaterThanOrEqual(4_000);
    expect(comprehensive.length).toBeLessThanOrEqual(6_000);
    const dedicated = grids.filter((g) => g.type === 'DEDICATED');
    expect(dedicated.length).toBeGreaterThanOrEqual(300);
    expect(dedicated.length).toBeLessThanOrEqual(1_000);
    const byCommunity = new Map<string, typeof grids>();
    for (const g of grids) {
      expect(g.code).toMatch(/^\d{15}$/);
      expect((g.code as string).slice(0, 12)).toBe(g.community_code);
      byCommunity.set(g.community_code as string, [...(byCommunity.get(g.community_code as string) ?? []), g]);
    }
    for (const list of byCommunity.values()) {
      const seqs = list.map((g) => Number((g.code as string).slice(12)));
      expect(seqs).toEqual(list.map((_, i) => i + 1));
      expect(readingOrder(list.map((g) => [g.site_lng, g.site_lat]))).toEqual(list.map((_, i) => i));
    }
    const urbanMulti = ds.context.grids.filter((g) => g.type === 'COMPREHENSIVE' && g.urban && g.households >= 300);
    for (const g of urbanMulti) {
      expect(g.households).toBeLessThanOrEqual(500);
      expect(g.population).toBeLessThanOrEqual(2_500);
    }
  });
});

describe('point layers', () => {
  it('scales the point layers and not the structural ones', () => {
    expect(rows.cameras).toHaveLength(Math.round(LAYER_COUNTS.cameras * SCALE));
    expect(rows.rental_housing).toHaveLength(Math.round(LAYER_COUNTS.rentalHousing * SCALE));
    expect(rows.rental_housing_personal).toHaveLength(rows.rental_housing!.length);
    expect(rows.fire_hazards).toHaveLength(Math.round(LAYER_COUNTS.fireHazards * SCALE));
    const expected = LAYER_COUNTS.incidentsPerDay * LAYER_COUNTS.incidentDays * SCALE;
    expect(rows.incidents!.length).toBeGreaterThan(expected * 0.85);
    expect(rows.incidents!.length).toBeLessThan(expected * 1.1);
    expect(rows.checkpoints!.filter((c) => c.type === 'POLICE_STATION')).toHaveLength(137);
    expect(ds.keyPlaces().length).toBeGreaterThan(3_000);
  });

  it('gives cameras well-formed GB/T 28181 ids, ~4 % offline', () => {
    const cams = rows.cameras!;
    for (const c of cams) {
      const id = parseCameraId(c.id as string);
      expect(id?.centre).toBe('41050000');
      expect(['131', '132']).toContain(id?.type);
    }
    const off = cams.filter((c) => c.status === 'OFF').length / cams.length;
    expect(off).toBeGreaterThan(0.02);
    expect(off).toBeLessThan(0.07);
  });

  it('puts every point inside its district (independent point-in-polygon test)', () => {
    const districts = new Map(inputs.districts.map((d) => [d.code, turf.multiPolygon(d.polygons as never)]));
    const highTech = turf.multiPolygon(ds.context.admin.districts.find((d) => d.code === HIGH_TECH_CODE)!.polygons as never);
    for (const table of ['cameras', 'checkpoints', 'fire_hazards', 'rental_housing', 'incidents']) {
      for (const r of rows[table]!.filter((_, i) => i % 7 === 0)) {
        const pt = turf.point([r.lng as number, r.lat as number]);
        const poly = r.district_code === HIGH_TECH_CODE ? highTech : districts.get(r.district_code as string)!;
        expect(turf.booleanPointInPolygon(pt, poly), `${table} ${r.id}`).toBe(true);
        expect((r.grid_code as string).slice(0, 12)).toBe(r.community_code);
        expect((r.community_code as string).slice(0, 9)).toBe(r.street_code);
      }
    }
  });

  it('makes well-formed personal data', () => {
    for (const p of rows.rental_housing_personal!.slice(0, 300)) {
      expect(isValidIdNumber(p.lessor_id_number as string)).toBe(true);
      for (const t of p.tenants as { idNumber: string; phone: string }[]) {
        expect(isValidIdNumber(t.idNumber)).toBe(true);
        expect(t.phone).toMatch(/^1\d{10}$/);
      }
    }
  });
});

describe('statuses follow the dates', () => {
  it('incidents: deadline = reported + limit, closing consistent with status, history ends now', () => {
    const now = NOW.getTime();
    const terminal = new Set(['CLOSED', 'EVALUATED', 'REJECTED', 'VOID', 'SELF_RESOLVED']);
    let overdueOpen = 0;
    for (const i of rows.incidents!) {
      const reported = Date.parse(i.reported_at as string);
      expect(reported).toBeLessThanOrEqual(now);
      expect(reported).toBeGreaterThan(now - 91 * 86_400_000);
      const limit = URGENCY_TIME_LIMIT_HOURS[i.urgency as 'NORMAL'] * 3_600_000;
      expect(Date.parse(i.deadline as string) - reported).toBe(limit);
      expect(i.closed_at !== null).toBe(terminal.has(i.status as string));
      expect(Date.parse(i.updated_at as string)).toBeLessThanOrEqual(now);
      if (!terminal.has(i.status as string) && i.status !== 'SUSPENDED' && Date.parse(i.deadline as string) < now) overdueOpen++;
    }
    const old = rows.incidents!.filter((i) => Date.parse(i.reported_at as string) < now - 30 * 86_400_000);
    expect(old.filter((i) => terminal.has(i.status as string)).length / old.length).toBeGreaterThan(0.9);
    expect(overdueOpen).toBeGreaterThan(0);
  });

  it('fire hazards: CLOSED has closed_at, open ones none', () => {
    for (const f of rows.fire_hazards!) {
      expect(f.closed_at !== null).toBe(f.status === 'CLOSED');
      expect(Date.parse(f.deadline as string)).toBeGreaterThan(Date.parse(f.found_at as string) - 86_400_000);
    }
    expect(new Set(rows.fire_hazards!.map((f) => f.status))).toEqual(new Set(['REGISTERED', 'RECTIFYING', 'RECHECK', 'CLOSED']));
  });
});
