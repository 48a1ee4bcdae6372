/**
 * The city simulator: writes a realistic Anyang day through the same repository functions as the API
 * (server/db/features/features-write-repository.ts), so every write reaches the live feed through the capture
 * trigger like a real user's. Everything it writes is labelled `generated`.
 *   units        position reports every 5-10 s along street-grid routes inside their patrol area
 *   incidents    new ones by the daily cycle, clustered around hotspots; open ones step along the lifecycle's main
 *                path by its actions (server/db/incidents: flow log, unit status). DISPATCH assigns the unit the
 *                recommendation ranks first (server/db/dispatch: capability, ETA, 跨区增援), which then drives to
 *                the scene reporting EN_ROUTE and ON_SCENE (its arrival is the incident's ARRIVE), waits there, and
 *                is freed on DISPOSE to drive back to its patrol area (see dispatch-floor.ts)
 *   cameras      go offline (a few per cent at a time) and come back after an outage
 *   fire hazards step REGISTERED → RECTIFYING → RECHECK → CLOSED
 * `speed` multiplies simulated time (10 = ten simulated seconds per real second).
 */
import type { Database } from '../db/core/database.ts';
import { createFeature, moveUnits, updateFeature, type UnitPosition } from '../db/features/features-write-repository.ts';
import { loadCameraStatus, loadHotspots, loadOpenFireHazards, loadOpenIncidents, loadUnits, type Hotspot } from '../db/simulator/simulator-repository.ts';
import { applyTransition, TransitionError, type TransitionActor } from '../db/incidents/incident-transitions-repository.ts';
import { ACTIVE_STATUSES, INITIAL_STATUS, mainPathAction } from '../domain/incidents/lifecycle.ts';
import { MAIN_STEPS } from '../dataset/layers/flow-paths.ts';
import { CITY_CODE } from '../protocol/geo.ts';
import type { Logger } from '../logger.ts';
import type { Router as EtaRouter } from '../domain/dispatch/router.ts';
import { advance, startUnit, type MovingUnit } from './movement.ts';
import { DispatchFloor } from './dispatch-floor.ts';
import { estimateRouter } from '../domain/dispatch/router.ts';
import { createRng, gaussian, pick, poisson, uniform, weighted, type RandomFn } from './random.ts';
import { DEFAULT_RATES, expectedCameraFailures, expectedIncidents, stepProbability, type SimulatorRates } from './rates.ts';
import { newIncident } from './incidents.ts';

export interface SimulatorOptions {
  db: Database;
  log: Logger;
  speed?: number;
  rates?: Partial<SimulatorRates>;
  seed?: number;
  /** Real milliseconds between steps. */
  tickMs?: number;
  /** Road ETAs for the recommendations the simulated dispatch centre follows (default: the estimate). */
  router?: EtaRouter;
}

export interface SimulatorCounts {
  positions: number;
  incidentsCreated: number;
  incidentSteps: number;
  /** Unit status changes that came with incident steps (sent, on scene, freed). */
  unitSteps: number;
  cameraFlips: number;
  hazardSteps: number;
}

/** The simulated city's handling centre, as it appears in the flow log; it acts city-wide. */
const SIM_ACTOR: TransitionActor = { id: null, name: '模拟调度中心', scope: CITY_CODE };
const OPINION = new Map(MAIN_STEPS.map((s) => [s.action, s.opinion]));

export interface SimIncident {
  id: string;
  status: string;
  district: string;
  unitId: string | null;
  position: [number, number];
}
const HAZARD_NEXT: Record<string, string> = { REGISTERED: 'RECTIFYING', RECTIFYING: 'RECHECK', RECHECK: 'CLOSED' };

/** Anyang's old town and district centres: where incidents cluster when the database has no history yet. */
const FALLBACK_HOTSPOTS: Hotspot[] = [
  { lng: 114.3925, lat: 36.0975, weight: 3, district_code: '410502', street_code: null, community_code: null, grid_code: null },
  { lng: 114.3705, lat: 36.1105, weight: 2, district_code: '410503', street_code: null, community_code: null, grid_code: null },
  { lng: 114.3255, lat: 36.1005, weight: 1.5, district_code: '410505', street_code: null, community_code: null, grid_code: null },
  { lng: 114.3005, lat: 36.0705, weight: 1, district_code: '410506', street_code: null, community_code: null, grid_code: null },
  { lng: 114.3555, lat: 36.0755, weight: 1.5, district_code: '410571', street_code: null, community_code: null, grid_code: null },
  { lng: 113.8205, lat: 36.1105, weight: 1, district_code: '410581', street_code: null, community_code: null, grid_code: null },
  { lng: 114.3555, lat: 35.9655, weight: 1, district_code: '410523', street_code: null, community_code: null, grid_code: null },
  { lng: 114.5255, lat: 35.5755, weight: 1, district_code: '410526', street_code: null, community_code: null, grid_code: null },
];

export interface UnitTrack {
  unit: MovingUnit;
  nextReportAt: number;
  lastReportAt: number;
}

export class Simulator {
  readonly counts: SimulatorCounts = { positions: 0, incidentsCreated: 0, incidentSteps: 0, unitSteps: 0, cameraFlips: 0, hazardSteps: 0 };
  private readonly rng: RandomFn;
  private readonly rates: SimulatorRates;
  private readonly speed: number;
  private simNow = Date.now();
  private units: UnitTrack[] = [];
  private onlineCameras: string[] = [];
  private outages: { id: string; backAt: number }[] = [];
  private hazards: { id: string; status: string }[] = [];
  private incidents: SimIncident[] = [];
  private readonly floor: DispatchFloor;
  private hotspots: Hotspot[] = [];
  private timer?: NodeJS.Timeout;
  private running = false;
  private serial = 0;

  constructor(private readonly opts: SimulatorOptions) {
    this.rng = createRng(opts.seed ?? Date.now() % 2 ** 31);
    this.rates = { ...DEFAULT_RATES, ...opts.rates };
    this.speed = opts.speed ?? 1;
    this.floor = new DispatchFloor({ db: opts.db, router: opts.router ?? estimateRouter(), actor: SIM_ACTOR, counts: this.counts, rng: this.rng });
  }

  /** Loads the current city state. */
  async load(): Promise<void> {
    const { db } = this.opts;
    const [units, cameras, hazards, incidents, hotspots] = await Promise.all([
      loadUnits(db), loadCameraStatus(db), loadOpenFireHazards(db), loadOpenIncidents(db), loadHotspots(db),
    ]);
    const hi = this.rates.positionEverySeconds[1];
    this.units = units
      .filter((u) => u.status !== 'OFF_DUTY')
      .map((u) => ({
        unit: startUnit(this.rng, u.id, u.type, [u.lng, u.lat], u.area),
        lastReportAt: this.simNow,
        nextReportAt: this.simNow + uniform(this.rng, 0, hi) * 1000, // spread the first reports
      }));
    this.onlineCameras = cameras.filter((c) => c.status === 'ON').map((c) => c.id);
    this.hazards = hazards;
    this.incidents = incidents.map((i) => ({ id: i.id, status: i.status, district: i.district_code, unitId: i.assigned_unit_id, position: [i.lng, i.lat] }));
    this.floor.track(this.units);
    this.hotspots = hotspots.length >= 3 ? hotspots : FALLBACK_HOTSPOTS;
    this.opts.log.info(
      { units: this.units.length, cameras: cameras.length, hazards: hazards.length, incidents: incidents.length, speed: this.speed },
      'simulator loaded the city',
    );
  }

  start(): void {
    const tickMs = this.opts.tickMs ?? 1000;
    let last = performance.now();
    this.timer = setInterval(() => {
      if (this.running) return; // a slow step (database busy) is not stacked
      const now = performance.now();
      const seconds = (now - last) / 1000;
      last = now;
      this.running = true;
      this.step(seconds)
        .catch((err: Error) => this.opts.log.warn({ err: err.message }, 'simulator step failed'))
        .finally(() => (this.running = false));
    }, tickMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Advances the city by `realSeconds` × speed. */
  async step(realSeconds: number): Promise<void> {
    const seconds = realSeconds * this.speed;
    this.simNow += seconds * 1000;
    await this.reportPositions();
    await this.createIncidents(seconds);
    await this.stepIncidents(seconds);
    await this.flipCameras(seconds);
    await this.stepHazards(seconds);
  }

  private async reportPositions(): Promise<void> {
    const [lo, hi] = this.rates.positionEverySeconds;
    const due: UnitPosition[] = [];
    for (const t of this.units) {
      if (t.nextReportAt > this.simNow) continue;
      t.unit = advance(this.rng, t.unit, (this.simNow - t.lastReportAt) / 1000);
      t.lastReportAt = this.simNow;
      t.nextReportAt = this.simNow + uniform(this.rng, lo, hi) * 1000;
      const [lng, lat] = t.unit.position;
      due.push({ id: t.unit.id, lng, lat, headingDeg: t.unit.headingDeg, speedKmh: t.unit.speedKmh, at: new Date(this.simNow) });
    }
    this.counts.positions += await moveUnits(this.opts.db, due);
    await this.floor.progress(this.simNow);
  }

  private async createIncidents(seconds: number): Promise<void> {
    const n = poisson(this.rng, expectedIncidents(this.rates, new Date(this.simNow), seconds));
    for (let i = 0; i < n; i++) {
      const spot = weighted(this.rng, this.hotspots.map((h) => ({ item: h, weight: h.weight })))!;
      const sigmaDeg = 350 / 111_320; // clusters of a few hundred metres
      const position: [number, number] = [spot.lng + gaussian(this.rng) * sigmaDeg * 1.25, spot.lat + gaussian(this.rng) * sigmaDeg];
      const id = `SIM${new Date(this.simNow).toISOString().slice(0, 10).replaceAll('-', '')}${(this.rng() * 36 ** 4).toString(36).slice(0, 4).toUpperCase()}${++this.serial}`;
      const input = newIncident(this.rng, id, spot, position, new Date(this.simNow));
      await createFeature(this.opts.db, 'incidents', input, { generated: true, now: new Date(this.simNow) });
      this.incidents.push({ id, status: INITIAL_STATUS, district: spot.district_code, unitId: null, position });
      this.counts.incidentsCreated += 1;
    }
  }

  private async stepIncidents(seconds: number): Promise<void> {
    const k = poisson(this.rng, this.incidents.length * stepProbability(this.rates.incidentStepHours * 3600, seconds));
    for (let i = 0; i < k && this.incidents.length; i++) {
      const idx = Math.floor(this.rng() * this.incidents.length);
      const inc = this.incidents[idx]!;
      const action = mainPathAction(inc.status);
      if (!action || (action === 'ARRIVE' && this.floor.onMission(inc.id))) continue; // its unit's arrival is the ARRIVE
      try {
        if (action === 'DISPATCH') {
          if (!(await this.floor.dispatch(inc, new Date(this.simNow)))) continue; // no unit to send: it waits
        } else {
          const f = await applyTransition(this.opts.db, inc.id, { action, opinion: OPINION.get(action) }, SIM_ACTOR, new Date(this.simNow));
          if (inc.unitId && (action === 'ARRIVE' || action === 'DISPOSE')) this.counts.unitSteps += 1;
          if (action === 'DISPOSE') this.floor.release(inc);
          inc.status = String(f.properties.status);
          this.counts.incidentSteps += 1;
        }
      } catch (err) {
        if (!(err instanceof TransitionError)) throw err;
        inc.status = 'GONE'; // someone else changed it (an operator, another simulator): forget it
      }
      if (!ACTIVE_STATUSES.includes(inc.status as (typeof ACTIVE_STATUSES)[number])) this.incidents.splice(idx, 1);
    }
  }

  private async flipCameras(seconds: number): Promise<void> {
    const failures = poisson(this.rng, expectedCameraFailures(this.rates, this.onlineCameras.length, seconds));
    for (let i = 0; i < failures && this.onlineCameras.length; i++) {
      const idx = Math.floor(this.rng() * this.onlineCameras.length);
      const id = this.onlineCameras.splice(idx, 1)[0]!;
      const outageMs = -Math.log(Math.max(this.rng(), 1e-9)) * this.rates.cameraOutageHours * 3_600_000;
      this.outages.push({ id, backAt: this.simNow + outageMs });
      await updateFeature(this.opts.db, 'cameras', id, { properties: { status: 'OFF' } });
      this.counts.cameraFlips += 1;
    }
    const back = this.outages.filter((o) => o.backAt <= this.simNow);
    this.outages = this.outages.filter((o) => o.backAt > this.simNow);
    for (const o of back) {
      await updateFeature(this.opts.db, 'cameras', o.id, { properties: { status: 'ON' } });
      this.onlineCameras.push(o.id);
      this.counts.cameraFlips += 1;
    }
  }

  private async stepHazards(seconds: number): Promise<void> {
    const k = poisson(this.rng, this.hazards.length * stepProbability(this.rates.hazardStepDays * 86_400, seconds));
    for (let i = 0; i < k && this.hazards.length; i++) {
      const h = pick(this.rng, this.hazards)!;
      const status = HAZARD_NEXT[h.status] ?? 'CLOSED';
      const properties: Record<string, unknown> = { status };
      if (status === 'CLOSED') properties.closed_at = new Date(this.simNow).toISOString();
      await updateFeature(this.opts.db, 'fire-hazards', h.id, { properties });
      h.status = status;
      if (status === 'CLOSED') this.hazards = this.hazards.filter((x) => x !== h);
      this.counts.hazardSteps += 1;
    }
  }
}
