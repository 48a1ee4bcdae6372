/** The simulator's state shapes, shared by simulator.ts and dispatch-floor.ts (no cycle between them). */
import type { MovingUnit } from './movement.ts';

export interface SimulatorCounts {
  positions: number;
  incidentsCreated: number;
  incidentSteps: number;
  /** Unit status changes that came with incident steps (sent, on scene, freed). */
  unitSteps: number;
  cameraFlips: number;
  hazardSteps: number;
}

export interface SimIncident {
  id: string;
  status: string;
  district: string;
  unitId: string | null;
  position: [number, number];
}

export interface UnitTrack {
  unit: MovingUnit;
  nextReportAt: number;
  lastReportAt: number;
}
