/**
 * A wire-level WebSocket client for the live bench's frame-mode clients: a raw TCP socket that reads into one
 * reused buffer (no allocation per read, no message reassembly), parses WebSocket frame headers itself and
 * keeps of each text frame only its first 64 and last 2,048 bytes — enough for the first and last seq
 * (bench/support/live-frames.ts). Small frames (≤ 4 kB) are kept whole, for the protocol's own messages.
 *
 * With `socketIo`, it speaks the engine.io v4 / socket.io v5 protocol as socket.io-client does over the
 * websocket transport: the engine.io open packet, CONNECT to /live with `{ token }` (the handshake's auth),
 * answering pings, `subscribe` with an ack. Without, it is a plain WebSocket client (the raw ws anchor).
 * Server-to-client frames are unmasked; client frames are masked (RFC 6455).
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';

const HEAD = 64;
const TAIL = 2048;
const WHOLE = 4096;

export interface WireFrame {
  /** Payload length in bytes. */
  length: number;
  /** The first bytes of the payload (at most 64). */
  head: Buffer;
  /** The last bytes of the payload (at most 2,048; the whole payload when it is ≤ 4 kB). */
  tail: Buffer;
}

export interface WireClientOptions {
  port: number;
  path: string;
  /** Speak socket.io on namespace /live with this auth (null: plain WebSocket). */
  socketIo: { auth: Record<string, unknown>; subscribe: unknown } | null;
  onFrame(frame: WireFrame, now: number): void;
  onClose(reason: string): void;
}

export class WireClient {
  private readonly socket: net.Socket;
  /** Every read lands here (net's `onread`): no allocation per read. */
  private readonly readBuffer = Buffer.allocUnsafe(256 * 1024);
  private upgraded = false;
  private http = '';
  /** The frame being read: header bytes so far, then payload progress. */
  private header = Buffer.alloc(14);
  private headerHave = 0;
  private payloadLength = -1;
  private payloadRead = 0;
  private opcode = 0;
  private head = Buffer.alloc(HEAD);
  private tail = Buffer.alloc(WHOLE);
  private ready?: { resolve: () => void; reject: (e: Error) => void };
  private closed = false;

  constructor(private readonly opts: WireClientOptions) {
    this.socket = net.connect({
      host: '127.0.0.1',
      port: opts.port,
      onread: { buffer: this.readBuffer, callback: (n) => (this.onData(this.readBuffer, n), true) },
    });
    this.socket.setNoDelay(true);
    this.socket.on('connect', () => {
      const key = randomBytes(16).toString('base64');
      this.socket.write(
        `GET ${opts.path} HTTP/1.1\r\nHost: 127.0.0.1:${opts.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    this.socket.on('error', (err) => this.fail(`socket error: ${err.message}`));
    this.socket.on('close', () => this.fail('socket closed'));
  }

  /** Resolves once connected (socket.io: subscribed). */
  opened(): Promise<void> {
    return new Promise((resolve, reject) => (this.ready = { resolve, reject }));
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private fail(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.ready?.reject(new Error(reason));
    this.opts.onClose(reason);
  }

  private onData(buf: Buffer, n: number): void {
    let i = 0;
    if (!this.upgraded) {
      this.http += buf.toString('latin1', 0, n);
      const end = this.http.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (!this.http.startsWith('HTTP/1.1 101')) return this.fail(`upgrade refused: ${this.http.split('\r\n')[0]}`);
      this.upgraded = true;
      i = n - (this.http.length - end - 4);
      if (!this.opts.socketIo) this.ready?.resolve();
    }
    while (i < n) i = this.payloadLength < 0 ? this.readHeader(buf, i, n) : this.readPayload(buf, i, n);
  }

  private readHeader(buf: Buffer, i: number, n: number): number {
    while (i < n && this.headerHave < this.header.length) {
      this.header[this.headerHave++] = buf[i++]!;
      const need = this.headerNeed();
      if (need !== null && this.headerHave === need) {
        this.startPayload();
        return i;
      }
    }
    return i;
  }

  /** The header's full size once its length byte is known (server frames carry no mask). */
  private headerNeed(): number | null {
    if (this.headerHave < 2) return null;
    const len7 = this.header[1]! & 0x7f;
    return len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
  }

  private startPayload(): void {
    const h = this.header;
    const len7 = h[1]! & 0x7f;
    this.opcode = h[0]! & 0x0f;
    this.payloadLength = len7 === 126 ? h.readUInt16BE(2) : len7 === 127 ? Number(h.readBigUInt64BE(2)) : len7;
    this.payloadRead = 0;
    this.headerHave = 0;
    if (this.payloadLength === 0) this.endFrame();
  }

  private readPayload(buf: Buffer, i: number, n: number): number {
    const take = Math.min(n - i, this.payloadLength - this.payloadRead);
    const from = this.payloadRead;
    const to = from + take;
    if (from < HEAD) buf.copy(this.head, from, i, i + Math.min(take, HEAD - from));
    const tailLen = this.payloadLength <= WHOLE ? this.payloadLength : TAIL;
    const tailStart = this.payloadLength - tailLen;
    if (to > tailStart) {
      const a = Math.max(from, tailStart);
      buf.copy(this.tail, a - tailStart, i + (a - from), i + take);
    }
    this.payloadRead = to;
    if (to === this.payloadLength) this.endFrame();
    return i + take;
  }

  private endFrame(): void {
    const length = this.payloadLength;
    this.payloadLength = -1;
    if (this.opcode === 0x8) return this.fail('close frame');
    if (this.opcode !== 0x1) return; // the servers send text frames only (no fragmentation, no pings at this level)
    const tailLen = length <= WHOLE ? length : TAIL;
    const frame: WireFrame = { length, head: this.head.subarray(0, Math.min(length, HEAD)), tail: this.tail.subarray(0, tailLen) };
    if (this.opts.socketIo && length <= WHOLE && this.protocolMessage(frame.tail.toString('utf8'))) return;
    this.opts.onFrame(frame, Date.now());
  }

  /** engine.io / socket.io packets other than events; true when handled. */
  private protocolMessage(m: string): boolean {
    const io = this.opts.socketIo!;
    if (m === '2') this.send('3');
    else if (m.startsWith('0{')) this.send(`40/live,${JSON.stringify(io.auth)}`);
    else if (m.startsWith('40/live,')) this.send(`42/live,0${JSON.stringify(['subscribe', io.subscribe])}`);
    else if (m.startsWith('44/live,')) this.fail(`connect_error: ${m.slice(8)}`);
    else if (m.startsWith('43/live,0')) {
      const [ack] = JSON.parse(m.slice(9)) as [{ error?: { code: string; message: string } }];
      if (ack.error) this.fail(`subscribe: ${ack.error.code} ${ack.error.message}`);
      else this.ready?.resolve();
    } else if (m.startsWith('1')) this.fail('engine.io close');
    else return m.startsWith('42/live,["presence"');
    return true;
  }

  /** Sends a masked text frame (small messages only). */
  private send(text: string): void {
    const payload = Buffer.from(text);
    const len = payload.length;
    const head = len < 126 ? Buffer.from([0x81, 0x80 | len]) : Buffer.from([0x81, 0x80 | 126, len >> 8, len & 0xff]);
    const mask = randomBytes(4);
    for (let k = 0; k < len; k++) payload[k]! ^= mask[k & 3]!;
    this.socket.write(Buffer.concat([head, mask, payload]));
  }
}
