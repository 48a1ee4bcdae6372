/**
 * The live feed under fuzz (namespace /live, docs/live.md): malformed `subscribe` events over socket.io-client
 * (wrong types, unknown layers, bad bbox and admin codes, odd `since`, extra fields, binary payloads, no ack,
 * unknown event names) and connection attempts with bad credentials. An acked `subscribe` must be answered
 * with `{ seq }`, `{ resync, seq }` or `{ error: { code } }` — never UNAVAILABLE (the database is up) and
 * never silence; the sockets must stay connected.
 */
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { LIVE_LAYERS } from '../../server/protocol/live.ts';
import { evilString, nastyNumber, nastyText } from './fuzz-values.ts';

export interface SocketEvent {
  name: string;
  args: unknown[];
  /** Send an ack callback as the last argument. */
  ack: boolean;
}

const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const bytes = fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a));
const junk = fc.oneof(nastyText, nastyNumber, fc.boolean(), fc.constant(null), bytes, fc.jsonValue({ maxDepth: 2 }));

const layers = fc.oneof(
  { weight: 3, arbitrary: fc.subarray([...LIVE_LAYERS], { minLength: 1 }) },
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...LIVE_LAYERS), fc.constantFrom('districts', 'depots', 'key-places', 'INCIDENTS', 'change_log', '', '__proto__', 'toString'), nastyText), { maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constant([...LIVE_LAYERS, ...LIVE_LAYERS]) },
  { weight: 2, arbitrary: junk },
);
const since = fc.oneof(
  fc.nat({ max: 50 }),
  fc.constantFrom(-1, 1.5, 1e308, 2 ** 53, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, 1e15, -0, NaN, Infinity, '5', '', '0x10', [], {}, true),
  junk,
);
const lngLat = fc.tuple(fc.double({ min: 113, max: 115, noNaN: true }), fc.double({ min: 35, max: 37, noNaN: true }));
const bbox = fc.oneof(
  fc.tuple(lngLat, lngLat).map(([[a, b], [c, d]]) => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)]),
  fc.tuple(lngLat, lngLat).map(([[a, b], [c, d]]) => [a, b, c, d]),
  fc.array(nastyNumber, { maxLength: 6 }),
  fc.constantFrom([181, 0, 182, 1], [0, -91, 1, 0], [-180, -90, 180, 90], [NaN, 0, 1, 1], '114,36,115,37', { minLng: 1 }),
  junk,
);
const admin = fc.oneof(
  fc.constantFrom('410500', '410502', '410502001', '410502001001', '999999', '000000', '410502001001001', '4105', '41050a', '', ' 410502'),
  fc.integer({ min: 0, max: 14 }).chain((n) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`))),
  junk,
);

const subscribePayload = fc.oneof(
  { weight: 8, arbitrary: fc.record({ layers, since, bbox, admin }, { requiredKeys: [] }) },
  { weight: 2, arbitrary: fc.tuple(fc.record({ layers, since }, { requiredKeys: ['layers'] }), fc.dictionary(fc.oneof(evilString, fc.constantFrom('__proto__', 'constructor', 'token', 'role', 'scope')), junk, { minKeys: 1, maxKeys: 3 }))
    .map(([a, b]) => ({ ...b, ...a })) },
  { weight: 2, arbitrary: junk },
  { weight: 1, arbitrary: fc.constant({ layers: ['incidents'], since: 0, bbox: [114, 36, 115, 37], admin: '410502' }) },
);

const eventName = fc.oneof(
  { weight: 8, arbitrary: fc.constant('subscribe') },
  { weight: 2, arbitrary: fc.oneof(fc.constantFrom('unsubscribe', 'change', 'changes', 'presence', 'Subscribe', 'subscribe ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'error', 'message', 'ping', 'x'.repeat(1000)), fc.string({ maxLength: 20 })).filter((n) => !RESERVED.has(n)) },
);

export const socketEvent: fc.Arbitrary<SocketEvent> = fc.tuple(eventName, subscribePayload, fc.array(junk, { maxLength: 2 }), fc.nat({ max: 19 })).map(([name, payload, more, r]) => {
  if (r < 14) return { name, args: [payload], ack: true }; // the normal shape: one payload and an ack
  if (r < 16) return { name, args: [payload], ack: false }; // no ack
  if (r < 18) return { name, args: [payload, ...more], ack: true }; // extra arguments (the ack is not the 2nd)
  return { name, args: [], ack: r === 18 }; // nothing, or only an ack
});

/** When the server must answer: `subscribe` with exactly one payload and an ack. */
export const expectsAck = (e: SocketEvent) => e.name === 'subscribe' && e.ack && e.args.length === 1;

const ACK_CODES = new Set(['BAD_REQUEST', 'FORBIDDEN', 'UNAUTHENTICATED', 'OUT_OF_JURISDICTION']);

/** Why an ack is not acceptable, or undefined. */
export function judgeAck(ack: unknown): string | undefined {
  const a = ack as { seq?: unknown; resync?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  if (a && typeof a === 'object' && a.error) {
    if (typeof a.error.code !== 'string' || typeof a.error.message !== 'string') return 'error without code/message';
    return ACK_CODES.has(a.error.code) ? undefined : `error code ${a.error.code}`;
  }
  if (a && typeof a.seq === 'number' && Number.isInteger(a.seq) && a.seq >= 0 && (a.resync === undefined || typeof a.resync === 'boolean')) return undefined;
  return `unexpected ack ${JSON.stringify(ack)?.slice(0, 200)}`;
}

export type LiveSocket = Socket;

/** Connects to /live; resolves with the socket or the connect_error message. */
export function connectLive(url: string, opts: { auth?: unknown; headers?: Record<string, string>; transport?: 'websocket' | 'polling' }): Promise<{ socket: Socket; error?: string }> {
  const socket = io(`${url}/live`, {
    auth: opts.auth as Record<string, unknown>,
    extraHeaders: opts.headers,
    transports: [opts.transport ?? 'websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (e) => resolve({ socket, error: e.message || 'connect_error' }));
  });
}

/** Emits an event; with an ack, waits for the answer (or `timeout`). */
export function emitEvent(socket: Socket, e: SocketEvent, timeoutMs = 10_000): Promise<{ answered: boolean; ack?: unknown }> {
  if (!e.ack) {
    socket.emit(e.name, ...e.args);
    return Promise.resolve({ answered: false });
  }
  if (!expectsAck(e)) {
    socket.emit(e.name, ...e.args, () => undefined);
    return Promise.resolve({ answered: false });
  }
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(e.name, ...e.args, (err: Error | null, ack: unknown) => resolve(err ? { answered: false } : { answered: true, ack }));
  });
}

/** Bad credentials for the handshake. */
export const badAuth: fc.Arbitrary<{ auth?: unknown; headers?: Record<string, string>; transport: 'websocket' | 'polling' }> = fc.record({
  auth: fc.option(fc.oneof(
    fc.record({ token: fc.oneof(nastyText, nastyNumber, fc.constant(null), fc.constant({}), fc.constant(['pa_x']), fc.constantFrom('pa_', 'pa_' + 'A'.repeat(43), 'Bearer pa_x', 'x'.repeat(100_000))) }),
    fc.dictionary(fc.string({ maxLength: 6 }), junk, { maxKeys: 3 }),
  ), { nil: undefined }),
  headers: fc.option(fc.record({
    authorization: fc.oneof(nastyText, fc.constantFrom('Bearer pa_nope', 'Bearer ', 'Basic eDp4')),
    cookie: fc.oneof(nastyText.map((s) => `pa_session=${s}`), fc.constant('pa_session=nope')),
    origin: fc.constantFrom('http://evil.example', 'null', 'http://127.0.0.1:1'),
  }, { requiredKeys: [] }).map((h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v).replace(/[^\u0020-\u007e]/g, '?')]))), { nil: undefined }),
  transport: fc.constantFrom('websocket', 'polling'),
});
