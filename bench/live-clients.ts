/**
 * One client process of the live bench (forked by bench/live.ts; several of them hold the 500 clients).
 * Clients are socket.io clients of /live (with a token) or raw `ws` clients of the anchor, in three modes:
 *   parse — what a browser does: the standard socket.io-client (or JSON.parse of the ws frame), every
 *           change decoded and applied to a feature map;
 *   scan  — reads every change's seq and commit time from the frame's bytes (bench/support/live-frames.ts);
 *   frame — a wire-level client (bench/support/wire-client.ts: the socket.io protocol over a raw socket,
 *           no decoding) that reads a frame's first and last seq only; at the end its frames are matched
 *           (by first seq, last seq and byte length: a broadcast frame is byte-identical for every member
 *           of the room) with the frames a scan client of this process read, and counted change by change
 *           from those. A frame no scan client read is reported as unverified, never as delivered.
 * Scan-mode socket.io clients are socket.io-client (handshake, auth, ping/pong, the subscribe ack); only
 * their transport hands `changes`/`change` frames of /live over as bytes (FastWS).
 *
 * IPC (parent → child): connect, start { from, capacity }, drain { expected, deadlineMs }, close.
 * (child → parent): connected { ok, errors }, started, drained { drainedMs, cpuSeconds }, result { figures, histograms }.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { NodeWebSocket } from 'engine.io-client';
import WebSocket from 'ws';
import type { LiveChange, SubscribeAck } from '../server/protocol/live.ts';
import { headTailBounds, isLiveChangeFrame, scanFrame, type FrameBounds, type ScannedFrame } from './support/live-frames.ts';
import { WireClient, type WireFrame } from './support/wire-client.ts';
import { addFigures, LatencyHistogram, NO_FIGURES, SeqTally, type DeliveryFigures } from './support/live-tally.ts';

export type Mode = 'parse' | 'scan' | 'frame';
export type Transport = 'socket.io' | 'ws';

export type ParentMessage =
  | { type: 'connect'; transport: Transport; url: string; token?: string; modes: Mode[] }
  | { type: 'start'; from: number; capacity: number }
  | { type: 'drain'; expected: number[]; deadlineMs: number }
  | { type: 'close' };

export interface ClientsResult {
  type: 'result';
  clients: number;
  byMode: Record<Mode, DeliveryFigures & { clients: number }>;
  unverified: number;
  /** Frames a frame-mode client could not read the seqs of. */
  unreadable: number;
  disconnects: string[];
  /** All deliveries, and those of parse-mode (browser-like) clients. */
  latency: [number, number][];
  parseLatency: [number, number][];
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
}

type FrameHandler = (buf: Buffer, now: number) => void;

/** The Node WebSocket transport of engine.io-client, handing /live change frames over as bytes. */
class FastWS extends NodeWebSocket {
  override createSocket(uri: string, protocols: string | string[] | undefined, opts: Record<string, unknown>): WebSocket {
    // Bytes-only clients skip ws's UTF-8 check of every frame (parse-mode clients keep it, as a browser does).
    const ws = super.createSocket(uri, protocols, { ...opts, skipUTF8Validation: true }) as WebSocket;
    const onFrame = (this.opts as { onLiveFrame?: FrameHandler }).onLiveFrame!;
    Object.defineProperty(ws, 'onmessage', {
      configurable: true,
      set(handler: (ev: { data: unknown }) => void) {
        ws.on('message', (data: Buffer, isBinary: boolean) => {
          if (!isBinary && isLiveChangeFrame(data)) onFrame(data, Date.now());
          else handler({ data: isBinary ? data : data.toString() });
        });
      },
    });
    return ws;
  }
}

interface Client {
  mode: Mode;
  tally?: SeqTally;
  lastSeq: number;
  frameIds: number[];
  frameRecv: number[];
  /** Frames whose seqs could not be read from their ends. */
  unreadable: number;
  closed: boolean;
  close(): void;
}

const latency = new LatencyHistogram();
const parseLatency = new LatencyHistogram();
const clients: Client[] = [];
const disconnects: string[] = [];
const frameKeys = new Map<string, number>();
const frameBoundsById: FrameBounds[] = [];
const frameScans: (ScannedFrame | undefined)[] = [];
let window: { from: number; capacity: number } | null = null;
let cpuAtStart = process.cpuUsage();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

function frameId(first: number, last: number, length: number): number {
  const key = `${first}:${last}:${length}`;
  let id = frameKeys.get(key);
  if (id === undefined) {
    id = frameBoundsById.length;
    frameKeys.set(key, id);
    frameBoundsById.push({ first, last });
  }
  return id;
}

/** Feeds one frame (bytes) to a scan-mode client. */
function onBytes(c: Client, buf: Buffer, now: number): void {
  if (!window) return;
  const s = scanFrame(buf);
  if (!s.seqs.length) return;
  for (let k = 0; k < s.seqs.length; k++) c.tally!.receive(s.seqs[k]!, s.commitMs[k]!, now);
  c.lastSeq = c.tally!.lastSeq;
  frameScans[frameId(s.seqs[0]!, s.seqs[s.seqs.length - 1]!, buf.length)] ??= s;
}

/** Feeds one frame (first and last bytes) to a frame-mode client. */
function onWire(c: Client, f: WireFrame, now: number): void {
  if (!window) return;
  const b = headTailBounds(f.head, f.tail);
  if (!b) {
    c.unreadable += 1;
    return;
  }
  c.frameIds.push(frameId(b.first, b.last, f.length));
  c.frameRecv.push(now);
  c.lastSeq = Math.max(c.lastSeq, b.last);
}

/** Feeds decoded changes to a parse-mode client (and applies them, as a browser store would). */
function onChanges(c: Client, changes: readonly LiveChange[], store: Map<string, unknown>, now: number): void {
  if (!window) return;
  for (const ch of changes) {
    c.tally!.receive(ch.seq, Date.parse(ch.at), now);
    if (ch.op === 'delete') store.delete(`${ch.layer}/${ch.id}`);
    else store.set(`${ch.layer}/${ch.id}`, ch.feature);
  }
  c.lastSeq = c.tally!.lastSeq;
}

function newClient(mode: Mode): Client {
  return { mode, lastSeq: 0, frameIds: [], frameRecv: [], unreadable: 0, closed: false, close: () => undefined };
}

async function connectSocketIo(url: string, token: string | undefined, mode: Mode): Promise<Client> {
  const c = newClient(mode);
  const store = new Map<string, unknown>();
  const socket: Socket = io(`${url}/live`, {
    forceNew: true,
    reconnection: false,
    auth: token ? { token } : {},
    transports: mode === 'scan' ? [FastWS] : ['websocket'],
    onLiveFrame: (buf: Buffer, now: number) => onBytes(c, buf, now),
  } as Parameters<typeof io>[1]);
  if (mode === 'parse') {
    socket.on('changes', (cs: LiveChange[]) => onChanges(c, cs, store, Date.now()));
    socket.on('change', (ch: LiveChange) => onChanges(c, [ch], store, Date.now()));
  }
  c.close = () => socket.close();
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', (err) => reject(new Error(`connect_error: ${err.message}`)));
    socket.once('connect', () => {
      socket.emit('subscribe', { layers: ['incidents'] }, (ack: SubscribeAck) => {
        if ('error' in ack) reject(new Error(`subscribe: ${ack.error.code} ${ack.error.message}`));
        else resolve();
      });
    });
  });
  socket.on('disconnect', (reason) => {
    if (!c.closed) disconnects.push(`socket.io: ${reason}`);
    c.closed = true;
  });
  return c;
}

async function connectWs(url: string, mode: Mode): Promise<Client> {
  const c = newClient(mode);
  const store = new Map<string, unknown>();
  const ws = new WebSocket(url, { skipUTF8Validation: mode !== 'parse' });
  ws.on('message', (data: Buffer) => {
    const now = Date.now();
    if (mode === 'parse') onChanges(c, JSON.parse(data.toString()) as LiveChange[], store, now);
    else onBytes(c, data, now);
  });
  c.close = () => ws.close();
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  ws.on('close', (code) => {
    if (!c.closed) disconnects.push(`ws: closed ${code}`);
    c.closed = true;
  });
  return c;
}

/** A frame-mode client: socket.io (with the token) or the anchor's plain WebSocket, on the wire. */
async function connectWire(transport: Transport, url: string, token: string | undefined): Promise<Client> {
  const c = newClient('frame');
  const u = new URL(url);
  const wire = new WireClient({
    port: Number(u.port),
    path: transport === 'socket.io' ? '/socket.io/?EIO=4&transport=websocket' : '/',
    socketIo: transport === 'socket.io' ? { auth: token ? { token } : {}, subscribe: { layers: ['incidents'] } } : null,
    onFrame: (f, now) => onWire(c, f, now),
    onClose: (reason) => {
      if (!c.closed) disconnects.push(`${transport} (wire): ${reason}`);
      c.closed = true;
    },
  });
  c.close = () => {
    c.closed = true;
    wire.close();
  };
  await wire.opened();
  return c;
}

async function connectAll(m: Extract<ParentMessage, { type: 'connect' }>): Promise<string[]> {
  const errors: string[] = [];
  for (let i = 0; i < m.modes.length; i += 25) {
    const batch = m.modes.slice(i, i + 25).map((mode) =>
      mode === 'frame' ? connectWire(m.transport, m.url, m.token) : m.transport === 'socket.io' ? connectSocketIo(m.url, m.token, mode) : connectWs(m.url, mode),
    );
    for (const r of await Promise.allSettled(batch)) {
      if (r.status === 'fulfilled') clients.push(r.value);
      else errors.push((r.reason as Error).message);
    }
  }
  return errors;
}

function start(from: number, capacity: number): void {
  window = { from, capacity };
  for (const c of clients) {
    c.lastSeq = from;
    if (c.mode !== 'frame') c.tally = new SeqTally(from, capacity, c.mode === 'parse' ? parseLatency : latency);
  }
  loopDelay.reset();
  loopDelay.enable();
  cpuAtStart = process.cpuUsage();
}

/** Waits until every open client has seen `to` (or the deadline), then counts. */
async function drain(expected: number[], deadlineMs: number): Promise<ClientsResult> {
  const to = expected.length ? expected[expected.length - 1]! : window!.from;
  const t0 = Date.now();
  const done = () => clients.every((c) => c.closed || c.lastSeq >= to);
  while (!done() && Date.now() - t0 < deadlineMs) await new Promise((r) => setTimeout(r, 50));
  const cpu = process.cpuUsage(cpuAtStart);
  send({ type: 'drained', drainedMs: done() ? Date.now() - t0 : null, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  loopDelay.disable();
  const byMode = {
    parse: { ...NO_FIGURES, clients: 0 },
    scan: { ...NO_FIGURES, clients: 0 },
    frame: { ...NO_FIGURES, clients: 0 },
  };
  let unverified = 0;
  for (const c of clients) {
    if (c.mode === 'frame') unverified += replayFrames(c);
    const f = c.tally!.figures(expected);
    byMode[c.mode] = { ...addFigures(byMode[c.mode], f), clients: byMode[c.mode].clients + 1 };
  }
  latency.addPairs(parseLatency.toPairs());
  return {
    type: 'result',
    clients: clients.length,
    byMode,
    unverified,
    unreadable: clients.reduce((s, c) => s + c.unreadable, 0),
    disconnects,
    latency: latency.toPairs(),
    parseLatency: parseLatency.toPairs(),
    eventLoopP99Ms: loopDelay.percentile(99) / 1e6,
    eventLoopMaxMs: loopDelay.max / 1e6,
  };
}

/** Counts a frame client's frames change by change from the scan clients' reading; returns unverified changes. */
function replayFrames(c: Client): number {
  c.tally = new SeqTally(window!.from, window!.capacity, latency);
  let unverified = 0;
  c.frameIds.forEach((id, k) => {
    const s = frameScans[id];
    if (!s) {
      const b = frameBoundsById[id]!;
      unverified += b.last - b.first + 1;
      return;
    }
    for (let j = 0; j < s.seqs.length; j++) c.tally!.receive(s.seqs[j]!, s.commitMs[j]!, c.frameRecv[k]!);
  });
  return unverified;
}

const send = (m: unknown) => process.send!(m);

process.on('message', (m: ParentMessage) => {
  switch (m.type) {
    case 'connect':
      void connectAll(m).then((errors) => send({ type: 'connected', ok: clients.length, errors }));
      break;
    case 'start':
      start(m.from, m.capacity);
      send({ type: 'started' });
      break;
    case 'drain':
      void drain(m.expected, m.deadlineMs).then(send);
      break;
    case 'close':
      for (const c of clients) {
        c.closed = true;
        c.close();
      }
      setTimeout(() => process.exit(0), 500); // exit() still writes a --cpu-prof profile
      break;
  }
});
process.on('disconnect', () => process.exit(0));
