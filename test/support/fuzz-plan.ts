/**
 * The API fuzz plan and its checks: sample every family with a fixed seed, send the requests (raw HTTP,
 * a few at a time), and classify each answer. A request FAILS when
 *   - it got a 5xx, or no answer at all;
 *   - it got a 4xx from the app under /api, /ogc or /tiles without `{ error: { code, message } }`
 *     (a bare 400 from Node's own HTTP parser is not the app's answer and is counted apart);
 *   - it is a write that must be refused and got a 2xx;
 *   - enforcement is on and a caller without valid credentials got a 2xx from a data route;
 *   - a valid write of the authz family was refused with anything but 401/403 (or, for a principal of another
 *     district naming an existing feature, 404: outside the jurisdiction answers as absent, issue 9 §6);
 *   - a traversal answer carries a file from disk.
 */
import fc from 'fast-check';
import { jsonOf, pool, rawRequest, type RawResponse } from './fuzz-http.ts';
import { adminUnits, auth, ogcReads, personal, search, tiles, type FuzzContext, type FuzzRequest, type Who } from './fuzz-routes.ts';
import { authzWrites, ogcWrites } from './fuzz-ogc-writes.ts';
import { anonymousProbes, garbageAuth, LEAK_MARKERS, odd } from './fuzz-odd.ts';

export const FAMILY_RUNS = {
  'ogc-read': 3200,
  'ogc-write': 2600,
  tiles: 1600,
  search: 700,
  'admin-units': 500,
  personal: 400,
  auth: 500,
  odd: 800,
} as const;
export const AUTHZ_RUNS = 300;

function families(ctx: FuzzContext): Record<string, fc.Arbitrary<FuzzRequest>> {
  return { 'ogc-read': ogcReads(ctx), 'ogc-write': ogcWrites(ctx), tiles, search, 'admin-units': adminUnits, personal: personal(ctx), auth, odd };
}

/** The `garbage` principal carries its garbage in the request's own headers. */
const withGarbage = (arb: fc.Arbitrary<FuzzRequest>) =>
  fc.tuple(arb, garbageAuth).map(([r, g]) => (r.who === 'garbage' && r.family !== 'odd-header' ? { ...r, headers: [...(r.headers ?? []), ...g] } : r));

export function buildPlan(ctx: FuzzContext, seed: number, withAuthz: boolean): FuzzRequest[] {
  const plan: FuzzRequest[] = [];
  let n = 0;
  for (const [name, arb] of Object.entries(families(ctx))) {
    plan.push(...fc.sample(withGarbage(arb), { seed: seed + n++, numRuns: FAMILY_RUNS[name as keyof typeof FAMILY_RUNS] }));
  }
  plan.push(...anonymousProbes);
  if (withAuthz) plan.push(...fc.sample(withGarbage(authzWrites(ctx)), { seed: seed + n++, numRuns: AUTHZ_RUNS }));
  // Interleave families deterministically so no route sees one long burst.
  return fc.sample(fc.shuffledSubarray(plan, { minLength: plan.length, maxLength: plan.length }), { seed, numRuns: 1 })[0]!;
}

export interface Credentials {
  dispatchers: string[];
  /** A dispatcher of another district (北关区 410503) than the context's features. */
  district: string;
  viewer: string;
  wall: string;
  invalid: string;
  session: { cookie: string; csrf: string };
}

export function headersFor(r: FuzzRequest, i: number, c: Credentials): Array<[string, string]> {
  const bearer = (t: string): Array<[string, string]> => [['Authorization', `Bearer ${t}`]];
  const byWho: Record<Who, Array<[string, string]>> = {
    dispatcher: bearer(c.dispatchers[i % c.dispatchers.length]!), // several tokens: the write rate limit is per principal
    district: bearer(c.district),
    viewer: bearer(c.viewer),
    wall: bearer(c.wall),
    invalid: bearer(c.invalid),
    anon: [],
    garbage: [],
    session: [['Cookie', c.session.cookie], ['X-CSRF-Token', c.session.csrf]],
    'session-bad-csrf': i % 2 ? [['Cookie', c.session.cookie], ['X-CSRF-Token', `${c.session.csrf.slice(0, -2)}xx`]] : [['Cookie', c.session.cookie]],
  };
  const own = r.body?.contentType ? [['Content-Type', r.body.contentType] as [string, string]] : [];
  return [...byWho[r.who], ...own, ...(r.body?.extraHeaders ?? []), ...(r.headers ?? [])];
}

export interface Failure {
  reason: string;
  status: number;
  family: string;
  request: string;
  answer: string;
}

export interface Outcome {
  total: number;
  perFamily: Record<string, Record<string, number>>;
  statuses: Record<string, number>;
  /** `<status> <error code>` of every coded 4xx. */
  codes: Record<string, number>;
  failures: Failure[];
}

const API_PATH = /^\/(api|ogc|tiles)(\/|\?|$)/i;
const DATA_PATH = /^\/(ogc|tiles|api\/(search|admin-units|personal))(\/|\?|$)/i;
const pathOf = (target: string) => {
  try {
    return /^[a-z]+:\/\//i.test(target) ? new URL(target).pathname : target;
  } catch {
    return target;
  }
};

function isErrorShape(res: RawResponse): boolean {
  const b = jsonOf(res);
  return typeof b?.error?.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(b.error.code) && typeof b.error.message === 'string';
}

export function judge(r: FuzzRequest, res: RawResponse, enforced: boolean): string | undefined {
  const s = res.status;
  if (s === 0) return `no answer (${res.error})`;
  if (s >= 500) return 'server error';
  const path = pathOf(r.target);
  if (s >= 400 && !res.parserReject && r.method !== 'HEAD' && API_PATH.test(path) && !isErrorShape(res)) return 'error without { error: { code, message } }';
  if (r.mustRefuse && s < 300) return 'write accepted';
  // authz bodies are valid (checked on a throwaway database): only credentials, CSRF or jurisdiction may refuse them.
  const refusedAsAbsent = s === 404 && r.who === 'district' && r.method !== 'POST';
  if (r.family === 'authz' && !res.parserReject && s !== 401 && s !== 403 && !refusedAsAbsent) return 'valid write not refused by enforcement';
  if (enforced && s < 300 && DATA_PATH.test(path) && ['anon', 'invalid', 'garbage'].includes(r.who)) return 'data without credentials';
  if (r.family === 'traversal' && LEAK_MARKERS.some((m) => res.body.includes(m))) return 'file leaked';
  return undefined;
}

function describe(r: FuzzRequest, headers: Array<[string, string]>): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length})` : s);
  const body = r.body ? ` body[${r.body.poison ?? 'no poison'}]=${cut(String(r.body.text), 240)}` : '';
  return `${r.method} ${cut(JSON.stringify(r.target), 300)} as ${r.who} ${cut(JSON.stringify(headers.filter(([k]) => k !== 'Authorization' || r.who !== 'dispatcher')), 300)}${body}`;
}

export async function runPlan(port: number, plan: FuzzRequest[], creds: Credentials, enforced: boolean, concurrency = 4): Promise<Outcome> {
  const out: Outcome = { total: 0, perFamily: {}, statuses: {}, codes: {}, failures: [] };
  await pool(plan, concurrency, async (r, i) => {
    const headers = headersFor(r, i, creds);
    const res = await rawRequest(port, { method: r.method, target: r.target, headers, body: r.body?.text });
    const key = res.parserReject ? `${res.status}p` : String(res.status);
    out.total++;
    out.statuses[key] = (out.statuses[key] ?? 0) + 1;
    const fam = (out.perFamily[r.family] ??= {});
    fam[key] = (fam[key] ?? 0) + 1;
    const code = res.status >= 400 ? jsonOf(res)?.error?.code : undefined;
    const tally = (k: string) => (out.codes[k] = (out.codes[k] ?? 0) + 1);
    if (typeof code === 'string') tally(`${res.status} ${code}`);
    if (r.family === 'authz') tally(`authz: ${res.status} ${code ?? ''}`.trim()); // how the valid writes were refused
    const reason = judge(r, res, enforced);
    if (reason) out.failures.push({ reason, status: res.status, family: r.family, request: describe(r, headers), answer: res.body.subarray(0, 300).toString('utf8') });
  });
  return out;
}
