/**
 * The dispatch console's HTTP calls (issue 11; docs/api.md "Dispatch"), typed from the contract, over the same
 * request funnel as net/api.ts (credentials, ApiError with the server's code and details, AbortError on cancel).
 *   GET    /api/dispatch/queue?status=A,B&from=&to=&category=&urgency=&area=&limit=   the queue and its counts
 *   POST   /api/incidents                                   a new incident (GeoJSON Feature) → 201
 *   GET    /api/incidents/{id}                              the incident, its flow log, assignments, allowed actions
 *   POST   /api/incidents/{id}/transitions                  { action, opinion?, version, unitId? } → the new state
 *   GET    /api/incidents/{id}/recommendations?limit=5      ranked units with reasons and coverage cost
 *   POST   /api/incidents/{id}/assignments                  { unitId, version } → 201 | 409
 *   DELETE /api/incidents/{id}/assignments/{unitId}         unassigns
 *   GET    /api/incidents/{id}/context                      cameras (seeing or nearby), checkpoints, hazards, …
 */
import type { IncidentAction } from '../../../server/domain/incidents/lifecycle.ts';
import { request, type AnyFeature } from './api.ts';
import type { Credentials } from './credentials.ts';

/** The queue's counts under the request's filters and area. */
export interface QueueCounts {
  /** Per operator bucket (TO_ACCEPT, TO_DISPATCH, …): the rows matching every filter but the status one. */
  buckets: Readonly<Record<string, number>>;
  overdue: number;
  nearlyDue: number;
  supervised: number;
  total: number;
}

export interface QueueAnswer {
  /** Rows as the server sends them (Features or flat objects; state/dispatch/queue-model.ts reads both). */
  items: unknown[];
  counts: QueueCounts;
}

/** One row of an incident's flow log (办理流程): who did what, when, from which status to which. */
export interface FlowEntry {
  at: string;
  actor: string | null;
  actorName?: string | null;
  action: string;
  from: string | null;
  to: string | null;
  opinion: string | null;
  unitId?: string | null;
  reinforcement?: boolean;
}

/** A unit sent to an incident. */
export interface Assignment {
  unitId: string;
  unitType?: string;
  unitName?: string | null;
  callsign?: string | null;
  unitStatus?: string;
  assignedAt?: string;
  releasedAt?: string | null;
  /** Not yet released. */
  open?: boolean;
  /** Sent across a district border (跨区增援). */
  reinforcement?: boolean;
  fromDistrict?: string | null;
  [key: string]: unknown;
}

export interface IncidentDetail {
  incident: AnyFeature;
  flow: FlowEntry[];
  assignments: Assignment[];
  /** The lifecycle actions allowed now, for this caller. */
  allowed: IncidentAction[];
  /** Whether the caller may send units now (待派遣, or more units while in hand). */
  assignable?: boolean;
}

export interface Recommendation {
  unitId: string;
  unitType: string;
  distanceMeters: number;
  etaSeconds: number;
  /** Why this unit: codes or sentences (distance, ETA, capability, status). */
  reasons: unknown[];
  /** What its departure costs: grids left without a unit of its type within the target minutes. */
  coverageCost: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ContextCamera {
  id: string;
  distanceMeters: number;
  /** Within its range and facing the point (else it merely stands nearby). */
  sees: boolean;
  name?: string;
  [key: string]: unknown;
}

export interface IncidentContext {
  cameras: ContextCamera[];
  checkpoints: Record<string, unknown>[];
  hazards: Record<string, unknown>[];
  rentals: Record<string, unknown>[];
  keyPlaces: Record<string, unknown>[];
  depots: Record<string, unknown>[];
}

export interface TransitionRequest {
  action: IncidentAction;
  version: number;
  opinion?: string;
  unitId?: string;
  hours?: number;
}

export interface DispatchApi {
  queue(query: string, signal?: AbortSignal): Promise<QueueAnswer>;
  createIncident(feature: { type: 'Feature'; geometry: { type: 'Point'; coordinates: [number, number] }; properties: Record<string, unknown> }): Promise<AnyFeature>;
  incident(id: string, signal?: AbortSignal): Promise<IncidentDetail>;
  transition(id: string, body: TransitionRequest): Promise<AnyFeature>;
  recommendations(id: string, limit?: number, signal?: AbortSignal): Promise<Recommendation[]>;
  assign(id: string, unitId: string, version: number): Promise<unknown>;
  unassign(id: string, unitId: string): Promise<unknown>;
  context(id: string, signal?: AbortSignal): Promise<IncidentContext>;
}

export function createDispatchApi(creds: Credentials, base = ''): DispatchApi {
  const enc = encodeURIComponent;
  const inc = (id: string) => `${base}/api/incidents/${enc(id)}`;
  return {
    queue: (query, signal) => request<QueueAnswer>(creds, `${base}/api/dispatch/queue?${query}`, { signal }),
    createIncident: (feature) => request<AnyFeature>(creds, `${base}/api/incidents`, { method: 'POST', body: feature }),
    incident: (id, signal) => request<IncidentDetail>(creds, inc(id), { signal }),
    transition: (id, body) => request<AnyFeature>(creds, `${inc(id)}/transitions`, { method: 'POST', body }),
    recommendations: (id, limit = 5, signal) => request<Recommendation[]>(creds, `${inc(id)}/recommendations?limit=${limit}`, { signal }),
    assign: (id, unitId, version) => request<unknown>(creds, `${inc(id)}/assignments`, { method: 'POST', body: { unitId, version } }),
    unassign: (id, unitId) => request<unknown>(creds, `${inc(id)}/assignments/${enc(unitId)}`, { method: 'DELETE' }),
    context: (id, signal) => request<IncidentContext>(creds, `${inc(id)}/context`, { signal }),
  };
}
