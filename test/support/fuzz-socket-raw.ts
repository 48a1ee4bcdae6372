/**
 * Raw engine.io / socket.io frames against /live over a plain WebSocket: packets socket.io-client never sends
 * (malformed JSON, reserved event names, acks for unknown ids, binary placeholders without attachments, stray
 * binary frames, oversized frames, connects to unknown namespaces). The server may close such a connection;
 * it must not crash, and the next connection must work again.
 */
import fc from 'fast-check';
import WebSocket from 'ws';

const RESERVED = ['disconnect', 'connect', 'connect_error', 'disconnecting', 'newListener', 'removeListener', 'error', '__proto__', 'constructor'];

export const rawFrame: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.string({ maxLength: 60 }).map((s) => `42/live,${s}`),
  fc.tuple(fc.constantFrom(...RESERVED, 'subscribe'), fc.jsonValue({ maxDepth: 2 })).map(([n, v]) => `42/live,${JSON.stringify([n, v])}`),
  fc.constantFrom(
    '42/live,{"a":1}', '42/live,"subscribe"', '42/live,[]', '42/live,[1]', '42/live,[null]', '42/live,[{"layers":["incidents"]}]',
    '42/live,1e400["subscribe",{"layers":["incidents"]}]', '42/live,-1["subscribe",{"layers":["incidents"]}]', '42/live,99999999999999999999["subscribe",{"layers":["incidents"]}]',
    '43/live,99[1]', '43/live,0', '45-/live,["subscribe",{"_placeholder":true,"num":0}]', '451-/live,["subscribe",{"_placeholder":true,"num":7}]',
    '40/other,', '40/live,[1,2]', '40/live,"x"', '40/live,{', '41/live,', '44/live,{"message":"x"}', '4', '49', '4x', '9', '', 'x', '6', '2probe', '5', '3', '2',
    '42/live,["subscribe",{"layers":["incidents"],"since":1e308}]', '42/live,["subscribe",{"layers":["incidents"],"__proto__":{"admin":"x"}}]',
    '42/live,["subscribe",{"layers":{"length":1,"0":"incidents"}}]', '42/live,["subscribe",{"layers":["incidents"],"bbox":[1e999,0,1,1]}]',
  ),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((a) => Buffer.from(a)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

export const HUGE_FRAME = `42/live,["subscribe","${'x'.repeat(1_200_000)}"]`;

export interface RawOutcome {
  frames: number;
  connections: number;
  /** After the junk, a valid subscribe with ack id 7 on the same connection was answered. */
  answered: number;
  /** The server closed the connection (parse errors do that). */
  closed: number;
  /** Neither (e.g. the junk disconnected the namespace, so the subscribe went nowhere). */
  silent: number;
  failures: string[];
}

function open(url: string, token: string): Promise<{ ws: WebSocket; messages: string[]; closed: Promise<void> }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const messages: string[] = [];
  const closed = new Promise<void>((r) => ws.once('close', () => r()));
  ws.on('error', () => undefined);
  ws.on('message', (m) => {
    const text = m.toString();
    messages.push(text);
    if (text === '2') ws.send('3'); // engine.io ping → pong
  });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('raw socket: no namespace connect')), 10_000);
    ws.on('message', (m) => {
      const text = m.toString();
      if (text.startsWith('0{')) ws.send(`40/live,${JSON.stringify({ token })}`);
      if (text.startsWith('40/live,') || text.startsWith('44/live,')) {
        clearTimeout(t);
        resolve({ ws, messages, closed });
      }
    });
    ws.once('close', () => reject(new Error('raw socket closed during the handshake')));
  });
}

const until = (cond: () => boolean, ms: number, closed: Promise<void>) =>
  Promise.race([
    closed,
    new Promise<void>((resolve) => {
      const start = Date.now();
      const tick = () => (cond() || Date.now() - start > ms ? resolve() : setTimeout(tick, 10));
      tick();
    }),
  ]);

/**
 * Sends the frames in batches of `perConnection` on fresh connections (most junk makes the server close the
 * connection at once, so 1 sends every frame), each batch followed by a valid subscribe.
 */
export async function rawSocketFuzz(url: string, token: string, frames: Array<string | Buffer>, perConnection = 1): Promise<RawOutcome> {
  const out: RawOutcome = { frames: 0, connections: 0, answered: 0, closed: 0, silent: 0, failures: [] };
  for (let i = 0; i < frames.length; i += perConnection) {
    let conn;
    try {
      conn = await open(url, token);
    } catch (e) {
      out.failures.push(`connection ${out.connections + 1}: ${(e as Error).message}`);
      continue;
    }
    out.connections++;
    const { ws, messages, closed } = conn;
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    for (const f of frames.slice(i, i + perConnection)) {
      if (isClosed) break;
      ws.send(f);
      out.frames++;
      await new Promise((r) => setTimeout(r, 2));
    }
    if (!isClosed) ws.send('42/live,7["subscribe",{"layers":["incidents"]}]');
    await until(() => messages.some((m) => m.startsWith('43/live,7')), 1_000, closed);
    if (messages.some((m) => m.startsWith('43/live,7'))) out.answered++;
    else if (isClosed) out.closed++;
    else out.silent++;
    ws.terminate();
  }
  return out;
}
