/**
 * Reading the wall (/wall) in a browser: every figure it shows (`data-kpi` path + raw `data-value`), compared with
 * GET /api/kpis of the same token. The page and the API answer the same cached computation, so the test waits
 * until the page shows the answer the API gives now (same `at`), then every figure must be equal.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { KpisBody } from '../../server/domain/kpis/kpis-body.ts';
import { OPEN_BUCKETS } from '../../server/domain/kpis/rules.ts';
import { FIRE_HAZARD_GRADE, RISK_LEVEL, UNIT_TYPE, WARNING_LEVEL } from '../../server/protocol/codes.ts';

/** Every figure the issue names, by its path in the API answer. */
export const REQUIRED_KPIS: readonly string[] = [
  'incidents.reportedToday', 'incidents.closedToday', 'incidents.open',
  ...OPEN_BUCKETS.map((b) => `incidents.buckets.${b}`),
  'incidents.overdue', 'incidents.nearlyDue', 'incidents.supervised',
  'incidents.closedRate', 'incidents.onTimeRate', 'incidents.avgCloseHours',
  'cameras.total', 'cameras.onlineRate',
  ...Object.keys(FIRE_HAZARD_GRADE).map((g) => `fireHazards.byGrade.${g}.total`), 'fireHazards.majorRectifiedRate',
  ...Object.keys(RISK_LEVEL).filter((l) => l !== 'NONE').map((l) => `risk.byLevel.${l}`),
  'warnings.active', ...Object.keys(WARNING_LEVEL).map((l) => `warnings.byLevel.${l}`),
  'units.available', ...Object.keys(UNIT_TYPE).map((u) => `units.byType.${u}.available`),
];

/** The figures the page shows: data-kpi path → raw value (null for an empty value). */
export async function pageKpis(page: Page): Promise<{ at: string; values: Record<string, number | null> }> {
  return page.evaluate(() => {
    const values: Record<string, number | null> = {};
    for (const el of document.querySelectorAll<HTMLElement>('[data-kpi]')) values[el.dataset.kpi!] = el.dataset.value === '' ? null : Number(el.dataset.value);
    return { at: document.querySelector<HTMLElement>('[data-layout=wall]')?.dataset.kpisAt ?? '', values };
  });
}

export function valueAt(body: KpisBody, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], body);
}

export async function apiKpis(base: string, token: string): Promise<KpisBody> {
  const res = await fetch(`${base}/api/kpis`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /api/kpis: ${res.status} ${await res.text()}`);
  return (await res.json()) as KpisBody;
}

/**
 * Waits until the page shows what the API answers now (the same computation), then checks every required figure
 * is on the page and equal to the API's. Returns the API answer.
 */
export async function expectWallMatchesApi(page: Page, base: string, token: string, timeoutMs = 90_000): Promise<KpisBody> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const api = await apiKpis(base, token);
    const shown = await pageKpis(page);
    if (shown.at === api.at || Date.now() > until) {
      expect(shown.at, 'the page shows the API answer of now').toBe(api.at);
      for (const path of REQUIRED_KPIS) expect(Object.keys(shown.values), `figure ${path} on the wall`).toContain(path);
      for (const [path, value] of Object.entries(shown.values)) expect(value, path).toBe(valueAt(api, path) ?? null);
      return api;
    }
    await page.waitForTimeout(1500);
  }
}
