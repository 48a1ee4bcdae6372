/**
 * A reference client of the live feed (server/protocol/live.ts) for tests and the bench: subscribes,
 * applies changes idempotently by seq, resubscribes with its last seq after every reconnect.
 */
import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  applyLiveChanges,
  type LiveChange,
  type LiveClientToServerEvents,
  type LiveFeature,
  type LiveServerToClientEvents,
  type SubscribeAck,
  type SubscribeRequest,
} from '../../server/protocol/live.ts';

export interface LiveClientOptions {
  /** The API token sent in the handshake (`auth: { token }`); every socket must authenticate. */
  token: string;
  layers: string[];
  /** Start from this seq (omitted: from the server's current seq). */
  since?: number;
  bbox?: SubscribeRequest['bbox'];
  admin?: string;
  /** Called for every received change, before it is applied. */
  onChange?: (c: LiveChange, receivedAt: number) => void;
}

export class LiveTestClient {
  readonly socket: Socket<LiveServerToClientEvents, LiveClientToServerEvents>;
  readonly store = new Map<string, LiveFeature>();
  readonly received: LiveChange[] = [];
  readonly acks: SubscribeAck[] = [];
  lastSeq: number | undefined;
  presence: number | undefined;

  constructor(baseUrl: string, private readonly opts: LiveClientOptions) {
    this.lastSeq = opts.since;
    this.socket = io(`${baseUrl}${LIVE_NAMESPACE}`, {
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      auth: { token: opts.token },
    });
    this.socket.on('connect', () => this.subscribe());
    const take = (changes: LiveChange[]) => {
      const now = Date.now();
      for (const c of changes) {
        opts.onChange?.(c, now);
        this.received.push(c);
      }
      this.lastSeq = applyLiveChanges(this.store, this.lastSeq ?? 0, changes);
    };
    this.socket.on('change', (c) => take([c]));
    this.socket.on('changes', (cs) => take(cs));
    this.socket.on('presence', (p) => (this.presence = p.clients));
  }

  private subscribe(): void {
    const req: SubscribeRequest = { layers: this.opts.layers as SubscribeRequest['layers'] };
    if (this.lastSeq !== undefined) req.since = this.lastSeq;
    if (this.opts.bbox) req.bbox = this.opts.bbox;
    if (this.opts.admin) req.admin = this.opts.admin;
    this.socket.emit('subscribe', req, (ack) => {
      this.acks.push(ack);
      // The server could not read the change log (database restarting): ask again shortly.
      if ('error' in ack && ack.error.code === 'UNAVAILABLE') setTimeout(() => this.socket.connected && this.subscribe(), 500);
      if ('seq' in ack && (this.lastSeq === undefined || ack.resync)) this.lastSeq = Math.max(this.lastSeq ?? 0, ack.seq);
    });
  }

  /** Resolves once the client holds an ack (the latest subscribe was answered). */
  async ready(timeoutMs = 15_000): Promise<SubscribeAck> {
    await waitFor(() => this.acks.length > 0, timeoutMs, 'subscribe ack');
    return this.acks[this.acks.length - 1]!;
  }

  close(): void {
    this.socket.close();
  }
}

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
