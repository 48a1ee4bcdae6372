/**
 * The simulated dispatch floor: what the simulated handling centre does with a 待派遣 incident and the unit it sends
 * — through the same repositories as a dispatcher and a unit's crew (server/db/dispatch):
 *   dispatch   take the unit the recommendation ranks first (the next one if it was just taken) and assign it
 *              (the incident's DISPATCH); the unit heads for the scene along the streets at its type's speed
 *   progress   on each position round, a unit on its way reports EN_ROUTE, and ON_SCENE within 25 m of the scene
 *              (the incident's ARRIVE follows); it waits there
 *   release    on DISPOSE the unit is free again and drives back to its patrol area
 * Someone else changing the incident or the unit (an operator unassigns it) ends the mission quietly.
 */
import type { Database } from '../db/core/database.ts';
import { recommendUnits } from '../db/dispatch/recommendations.ts';
import { assignUnit } from '../db/dispatch/assignments-repository.ts';
import { reportUnitStatus } from '../db/dispatch/unit-status-repository.ts';
import { TransitionError, type TransitionActor } from '../db/incidents/incident-transitions-repository.ts';
import { DISPATCH_CONFIG, type UnitType } from '../domain/dispatch/dispatch-config.ts';
import type { Router } from '../domain/dispatch/router.ts';
import { distanceM, headTo, release } from './movement.ts';
import type { RandomFn } from './random.ts';
import type { SimIncident, SimulatorCounts, UnitTrack } from './simulator.ts';

interface Mission {
  incident: SimIncident;
  stage: 'DISPATCHED' | 'EN_ROUTE' | 'ON_SCENE';
}

const ARRIVED_WITHIN_M = 25;

export class DispatchFloor {
  private tracks = new Map<string, UnitTrack>();
  private missions = new Map<string, Mission>();
  private unitOf = new Map<string, string>();

  constructor(private readonly opts: { db: Database; router: Router; actor: TransitionActor; counts: SimulatorCounts; rng: RandomFn }) {}

  track(units: readonly UnitTrack[]): void {
    this.tracks = new Map(units.map((t) => [t.unit.id, t]));
    this.missions.clear();
    this.unitOf.clear();
  }

  onMission(incidentId: string): boolean {
    return this.unitOf.has(incidentId);
  }

  /** Sends the best recommended unit; false when there is none to send. */
  async dispatch(incident: SimIncident, now: Date): Promise<boolean> {
    const { db, router, actor, counts } = this.opts;
    const recs = (await recommendUnits(db, router, incident.id, actor.scope, 3)) ?? [];
    for (const r of recs) {
      try {
        const res = await assignUnit(db, incident.id, { unitId: r.unitId, opinion: '按推荐派遣最近力量' }, actor, now);
        counts.incidentSteps += 1;
        counts.unitSteps += 1;
        incident.status = String(res.incident.properties.status);
        incident.unitId = r.unitId;
        const t = this.tracks.get(r.unitId);
        if (t) {
          t.unit = headTo(t.unit, incident.position, DISPATCH_CONFIG.speedKmh[r.unitType as UnitType]);
          this.missions.set(r.unitId, { incident, stage: 'DISPATCHED' });
          this.unitOf.set(incident.id, r.unitId);
        }
        return true;
      } catch (err) {
        if (err instanceof TransitionError && err.kind === 'unit-unavailable') continue; // taken meanwhile: the next one
        throw err;
      }
    }
    return false;
  }

  /** Reports the progress of the units on their way (after their positions were written). */
  async progress(simNow: number): Promise<void> {
    for (const [unitId, m] of [...this.missions]) {
      const t = this.tracks.get(unitId)!;
      const next = m.stage === 'DISPATCHED' ? 'EN_ROUTE' : m.stage === 'EN_ROUTE' && distanceM(t.unit.position, m.incident.position) < ARRIVED_WITHIN_M ? 'ON_SCENE' : null;
      if (!next) continue;
      try {
        const r = await reportUnitStatus(this.opts.db, unitId, { status: next }, this.opts.actor, new Date(simNow));
        this.opts.counts.unitSteps += 1;
        m.stage = next;
        if (r.incident) {
          this.opts.counts.incidentSteps += 1;
          m.incident.status = String(r.incident.properties.status);
        }
      } catch (err) {
        if (!(err instanceof TransitionError)) throw err;
        this.release(m.incident); // an operator changed it: the unit goes back on patrol
      }
    }
  }

  /** The incident's unit is free again: it drives back to its patrol area. */
  release(incident: SimIncident): void {
    const unitId = this.unitOf.get(incident.id);
    incident.unitId = null;
    if (!unitId) return;
    this.unitOf.delete(incident.id);
    this.missions.delete(unitId);
    const t = this.tracks.get(unitId);
    if (t) t.unit = release(this.opts.rng, t.unit);
  }
}
