/**
 * The shipped client's resume logic (client/src/net/live-socket.ts + client/src/app/live-sync.ts) against a
 * real socket.io server in this process, scripted per test (what `subscribe` answers, which changes it
 * pushes), and an Api whose snapshot answers the test releases when it wants: snapshot-with-seq, then
 * deltas above it; resume with `since`; resync; per-layer tile refresh; counts from /api/counts.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server, type Socket } from 'socket.io';
import { isLiveLayer, type LiveChange, type LiveFeature, type SubscribeAck, type SubscribeRequest } from '../../server/protocol/live.ts';
import type { Api, Counts, Snapshot } from '../../client/src/net/api.ts';
import { startLiveSync } from '../../client/src/app/live-sync.ts';
import { initialState, MAP_LAYERS } from '../../client/src/state/app-state.ts';
import { selectLiveView } from '../../client/src/state/selectors.ts';
import { createStore, type Store } from '../../client/src/state/store.ts';

const at = '2026-12-04T10:00:00.000Z';
const feature = (id: string, status: string): LiveFeature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [114.3, 36.1] }, properties: { id, status } });
const change = (seq: number, layer: LiveChange['layer'], id: string, status: string): LiveChange => ({ seq, layer, op: 'upsert', id, feature: feature(id, status), at });

/** A socket.io server on /live whose subscribe answers come from `answer` (called per subscribe, in order). */
async function liveServer(answer: (req: SubscribeRequest, socket: Socket, n: number) => SubscribeAck) {
  const http: HttpServer = createServer();
  const io = new Server(http);
  const requests: SubscribeRequest[] = [];
  const sockets: Socket[] = [];
  io.of('/live').on('connection', (socket) => {
    sockets.push(socket);
    socket.on('subscribe', (req: SubscribeRequest, ack: (a: SubscribeAck) => void) => {
      requests.push(req);
      ack(answer(req, socket, requests.length));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    sockets,
    /** Pushes changes to every connected socket. */
    push: (changes: LiveChange[]) => io.of('/live').emit('changes', changes),
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

/** An Api whose snapshots are answered by the test (`release`), and whose counts answer at once. */
function scriptedApi(counts: Counts = { counts: { units: 3, cameras: 7 }, at, exact: true, scope: '410500' }) {
  const pending: { layer: string; resolve: (s: Snapshot) => void }[] = [];
  const unused = () => Promise.reject(new Error('not used by live-sync'));
  const api: Api = {
    me: unused, login: unused, logout: unused, changePassword: unused, personal: unused, health: unused,
    clientConfig: unused, search: unused, orgBranch: unused, feature: unused, kpis: unused, preferences: unused, savePreferences: unused,
    counts: () => Promise.resolve(counts),
    snapshot: (layer) => new Promise<Snapshot>((resolve) => pending.push({ layer, resolve })),
  };
  return {
    api,
    pending,
    /** Answers the oldest snapshot request. */
    release(features: LiveFeature[], seq: number | null) {
      const p = pending.shift();
      if (!p) throw new Error('no snapshot request pending');
      p.resolve({ features: features as never, seq });
    },
  };
}

const statusOf = (store: Store, id: string) => store.getState().memory.units?.features.get(id)?.properties.status;
const until = (fn: () => unknown) => expect.poll(fn, { timeout: 5000, interval: 10 });

let stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const stop of stops.reverse()) await stop();
  stops = [];
});

async function start(answer: Parameters<typeof liveServer>[0], opts: { tileRefreshAfterMs?: number } = {}) {
  const server = await liveServer(answer);
  const scripted = scriptedApi();
  const store = createStore(initialState());
  const stop = startLiveSync(store, scripted.api, {
    socket: { base: server.base, batchMs: 5 },
    tileRefreshAfterMs: opts.tileRefreshAfterMs ?? 60_000,
    countsAfterChangesMs: 60_000,
    viewDebounceMs: 30,
  });
  stops.push(server.close, stop);
  return { server, store, ...scripted };
}

describe('live sync: snapshot with seq, then deltas above it', () => {
  it('a late units snapshot never overwrites a newer delta', async () => {
    const { server, store, pending, release } = await start(() => ({ seq: 10 }));
    await until(() => server.requests.length).toBe(1);
    expect(server.requests[0]).not.toHaveProperty('since');
    await until(() => store.getState().live.status).toBe('live');
    // The snapshot (read at seq 10) is still in flight when U1 is dispatched (11) and U3 deleted (12).
    server.push([change(11, 'units', 'U1', 'EN_ROUTE'), { seq: 12, layer: 'units', op: 'delete', id: 'U3', feature: null, at }]);
    await until(() => statusOf(store, 'U1')).toBe('EN_ROUTE');
    expect(pending.map((p) => p.layer)).toEqual(['units']);
    release([feature('U1', 'AVAILABLE'), feature('U2', 'AVAILABLE'), feature('U3', 'AVAILABLE')], 10);
    await until(() => statusOf(store, 'U2')).toBe('AVAILABLE');
    expect(statusOf(store, 'U1')).toBe('EN_ROUTE');
    expect(store.getState().memory.units?.features.has('U3')).toBe(false);
    expect(pending).toHaveLength(0); // read at the stream's start: no second read
  });

  it('reads the snapshot again when it was read below the seq the stream starts at', async () => {
    const { store, pending, release } = await start(() => ({ seq: 20 }));
    await until(() => store.getState().live.status).toBe('live');
    release([feature('U1', 'AVAILABLE')], 15); // changes 16..20 came neither in it nor as deltas
    await until(() => pending.length).toBe(1);
    release([feature('U1', 'ON_SCENE')], 21);
    await until(() => statusOf(store, 'U1')).toBe('ON_SCENE');
    expect(store.getState().memory.units?.snapshotSeq).toBe(21);
  });

  it('resumes with since = the last applied seq after a reconnect; a resync reloads snapshots and every tile layer', async () => {
    const { server, store, pending, release } = await start((req, _s, n) => (n === 1 ? { seq: 5 } : { seq: 40, resync: true }));
    await until(() => store.getState().live.status).toBe('live');
    release([feature('U1', 'AVAILABLE')], 5);
    server.push([change(6, 'units', 'U1', 'EN_ROUTE'), change(7, 'cameras', 'C1', 'OFF')]);
    await until(() => store.getState().overlay.cameras?.size).toBe(1);
    const tilesBefore = store.getState().tiles;
    server.sockets[0]!.conn.close(); // the transport drops: socket.io reconnects by itself
    await until(() => server.requests.length).toBe(2);
    expect(server.requests[1]).toMatchObject({ since: 7 });
    await until(() => pending.length).toBe(1); // resync: the units snapshot is read again
    expect(Object.entries(store.getState().tiles).every(([id, v]) => v === tilesBefore[id as keyof typeof tilesBefore] + 1)).toBe(true);
    expect(store.getState().overlay.cameras).toBeUndefined();
    release([feature('U1', 'RETURNING')], 40);
    await until(() => statusOf(store, 'U1')).toBe('RETURNING');
  });

  it('reloads the tiles of the layers that changed only, and counts from one /api/counts answer', async () => {
    const { server, store, release } = await start(() => ({ seq: 1 }), { tileRefreshAfterMs: 50 });
    await until(() => store.getState().counts.byLayer).toEqual({ units: 3, cameras: 7 });
    expect(store.getState().counts.at).toBe(at);
    release([], 1);
    await until(() => store.getState().live.status).toBe('live');
    server.push([change(2, 'cameras', 'C1', 'OFF'), change(3, 'units', 'U1', 'EN_ROUTE')]);
    await until(() => store.getState().tiles.cameras).toBe(1);
    const { tiles } = store.getState();
    expect(Object.entries(tiles).filter(([id]) => id !== 'cameras').every(([, v]) => v === 0)).toBe(true);
  });

  it('reloads the warnings\' tiles at once (they have no overlay), the others only after their delay', async () => {
    const { server, store, release } = await start(() => ({ seq: 1 })); // other layers: 60 s
    release([], 1);
    await until(() => store.getState().live.status).toBe('live');
    server.push([change(2, 'warnings', 'YJ1', 'ACTIVE'), change(3, 'cameras', 'C1', 'OFF')]);
    await until(() => store.getState().tiles.warnings).toBe(1);
    expect(store.getState().tiles.cameras).toBe(0); // still waiting, drawn from its overlay meanwhile
    expect(store.getState().overlay.cameras?.size).toBe(1);
  });
});

/**
 * A server that keeps a change log and honours each socket's subscription as the real one does: only the
 * subscribed layers, inside the `admin` unit (by the feature's community code); a subscribe with `since` is
 * answered with the log's head, then the subscription's changes above `since`; a new subscribe replaces the
 * socket's last one. `commit` logs changes without sending them (committed, not yet fanned out).
 */
async function viewServer(refuse: (req: SubscribeRequest) => boolean = () => false) {
  const log: LiveChange[] = [];
  const subs = new Map<Socket, SubscribeRequest>();
  const wants = (req: SubscribeRequest, c: LiveChange) =>
    req.layers.includes(c.layer) && (!req.admin || String(c.feature?.properties.community_code ?? '').startsWith(req.admin));
  const server = await liveServer((req, socket) => {
    if (refuse(req)) return { error: { code: 'OUT_OF_JURISDICTION', message: 'outside' } };
    subs.set(socket, req);
    if (req.since !== undefined) {
      const missed = log.filter((c) => c.seq > req.since! && wants(req, c));
      if (missed.length) queueMicrotask(() => socket.emit('changes', missed)); // after the ack
    }
    return { seq: log.at(-1)?.seq ?? 0 };
  });
  return {
    ...server,
    commit: (changes: LiveChange[]) => log.push(...changes),
    publish(changes: LiveChange[]) {
      log.push(...changes);
      for (const [socket, req] of subs) {
        const mine = changes.filter((c) => wants(req, c));
        if (mine.length) socket.emit('changes', mine);
      }
    },
  };
}

const inArea = (seq: number, layer: LiveChange['layer'], id: string, community: string): LiveChange => {
  const c = change(seq, layer, id, 'OPEN');
  c.feature!.properties.community_code = community;
  return c;
};

async function startView(refuse?: (req: SubscribeRequest) => boolean) {
  const server = await viewServer(refuse);
  const scripted = scriptedApi();
  const store = createStore(initialState());
  const stop = startLiveSync(store, scripted.api, { socket: { base: server.base, batchMs: 5 }, tileRefreshAfterMs: 60_000, countsAfterChangesMs: 60_000, viewDebounceMs: 30 });
  stops.push(server.close, stop);
  await until(() => store.getState().live.status).toBe('live');
  scripted.release([], 0);
  await until(() => store.getState().memory.units?.snapshotSeq).toBe(0);
  return { server, store, ...scripted };
}

const overlayIds = (store: Store, layer: 'incidents' | 'cameras') => [...(store.getState().overlay[layer]?.keys() ?? [])].sort();

describe('live sync: the feed follows the layers and area in view', () => {
  it('subscribes to the visible live layers only; hiding a layer stops its changes, the others flow on with no gap', async () => {
    const { server, store } = await startView();
    expect(server.requests[0]!.layers).toContain('cameras');
    expect(server.requests[0]).not.toHaveProperty('admin');
    server.publish([change(1, 'incidents', 'I1', 'OPEN'), change(2, 'cameras', 'C1', 'OFF')]);
    await until(() => overlayIds(store, 'cameras')).toEqual(['C1']);

    store.dispatch({ type: 'toggleLayer', layer: 'cameras' });
    server.publish([change(3, 'incidents', 'I3', 'OPEN')]); // before the new subscribe goes out
    server.commit([change(4, 'incidents', 'I4', 'OPEN'), change(5, 'cameras', 'C5', 'OFF')]); // committed, not yet sent
    await until(() => server.requests.length).toBe(2);
    expect(server.requests[1]!.layers).not.toContain('cameras');
    expect(server.requests[1]!.layers).toEqual(expect.arrayContaining(['incidents', 'units']));
    expect(server.requests[1]).toMatchObject({ since: 3 });
    server.publish([change(6, 'cameras', 'C6', 'OFF'), change(7, 'incidents', 'I7', 'OPEN')]);
    await until(() => overlayIds(store, 'incidents')).toEqual(['I1', 'I3', 'I4', 'I7']);
    expect(overlayIds(store, 'cameras')).toEqual(['C1']);
    expect(store.getState().live.seq).toBe(3); // the status seq is the resume point the app shows
  });

  it('choosing an area narrows the subscription to it (admin), and an area outside the last one reloads the tiles', async () => {
    const { server, store } = await startView();
    store.dispatch({ type: 'setArea', area: { code: '410502001', name: '街道', level: 3 } });
    await until(() => server.requests.length).toBe(2);
    expect(server.requests[1]).toMatchObject({ admin: '410502001', since: 0 });
    const tilesNarrowed = store.getState().tiles;
    expect(Object.values(tilesNarrowed).every((v) => v === 0)).toBe(true); // narrowing: what it keeps was current
    server.publish([inArea(1, 'incidents', 'IN', '410502001002'), inArea(2, 'incidents', 'OUT', '410503001002')]);
    await until(() => overlayIds(store, 'incidents')).toEqual(['IN']);

    // A grid narrows to its community; the city means city-wide again.
    store.dispatch({ type: 'setArea', area: { code: '410502001002003', name: '网格', level: 5 } });
    await until(() => server.requests.length).toBe(3);
    expect(server.requests[2]).toMatchObject({ admin: '410502001002' });
    store.dispatch({ type: 'setArea', area: { code: '410500', name: '安阳市', level: 1 } });
    await until(() => server.requests.length).toBe(4);
    expect(server.requests[3]).not.toHaveProperty('admin');
    await until(() => store.getState().tiles.incidents).toBe(1); // city-wide reaches outside the community
    expect(store.getState().tiles.incidents).toBe(store.getState().tiles.cameras);
  });

  it('turning a layer back on subscribes to it again and reloads that layer only (tiles; the units snapshot)', async () => {
    const { server, store, pending, release } = await startView();
    store.dispatch({ type: 'toggleLayer', layer: 'cameras' });
    store.dispatch({ type: 'toggleLayer', layer: 'units' });
    await until(() => server.requests.length).toBe(2); // debounced: one subscribe for both
    expect(server.requests[1]!.layers).not.toEqual(expect.arrayContaining(['cameras']));
    expect(server.requests[1]!.layers).not.toEqual(expect.arrayContaining(['units']));
    server.publish([change(1, 'cameras', 'C1', 'OFF'), change(2, 'units', 'U1', 'EN_ROUTE'), change(3, 'incidents', 'I3', 'OPEN')]);
    await until(() => overlayIds(store, 'incidents')).toEqual(['I3']);
    expect(store.getState().memory.units?.features.has('U1')).toBe(false);
    expect(pending).toHaveLength(0);

    store.dispatch({ type: 'toggleLayer', layer: 'cameras' });
    await until(() => server.requests.length).toBe(3);
    expect(server.requests[2]!.layers).toContain('cameras');
    expect(server.requests[2]).toMatchObject({ since: 3 });
    await until(() => store.getState().tiles.cameras).toBe(1);
    const { tiles } = store.getState();
    expect(Object.entries(tiles).filter(([id]) => id !== 'cameras').every(([, v]) => v === 0)).toBe(true);
    server.publish([change(4, 'cameras', 'C4', 'OFF')]);
    await until(() => overlayIds(store, 'cameras')).toEqual(['C4']);

    store.dispatch({ type: 'toggleLayer', layer: 'units' });
    await until(() => server.requests.length).toBe(4);
    expect(server.requests[3]!.layers).toContain('units');
    await until(() => pending.map((p) => p.layer)).toEqual(['units']); // the snapshot is read again
    server.publish([change(5, 'units', 'U2', 'ON_SCENE')]);
    await until(() => statusOf(store, 'U2')).toBe('ON_SCENE');
    release([feature('U1', 'EN_ROUTE'), feature('U2', 'AVAILABLE')], 4);
    await until(() => statusOf(store, 'U1')).toBe('EN_ROUTE');
    expect(statusOf(store, 'U2')).toBe('ON_SCENE'); // the delta above the snapshot wins
    expect(store.getState().tiles.cameras).toBe(1);
  });

  it('keeps the last subscription when no live layer is shown, and when the server refuses an area', async () => {
    const { server, store } = await startView((req) => req.admin === '410599');
    for (const layer of MAP_LAYERS) if (isLiveLayer(layer)) store.dispatch({ type: 'toggleLayer', layer });
    expect(selectLiveView(store.getState()).layers).toEqual([]);
    store.dispatch({ type: 'setArea', area: { code: '410599', name: '别处', level: 2 } });
    await until(() => server.requests.length).toBe(2);
    expect(server.requests[1]).toMatchObject({ admin: '410599', since: 0 });
    expect(server.requests[1]!.layers).toEqual(server.requests[0]!.layers); // the last layers, kept
    server.publish([change(1, 'incidents', 'I1', 'OPEN')]);
    await until(() => overlayIds(store, 'incidents')).toEqual(['I1']);
    expect(store.getState().live.status).toBe('live');
  });
});
