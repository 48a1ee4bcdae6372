/**
 * A raw HTTP/1.1 client for the fuzz tests: it sends the request line, headers and body exactly as given
 * (NUL bytes, unencoded unicode, `..` segments, odd methods — things fetch() normalises or refuses), one
 * connection per request (`Connection: close`), and parses the answer (Content-Length or chunked).
 */
import net from 'node:net';

export interface RawRequest {
  method: string;
  /** The request-target exactly as sent (UTF-8 bytes): path and query, not normalised. */
  target: string;
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: string | Buffer;
}

export interface RawResponse {
  /** 0 when the connection ended without a parsable answer. */
  status: number;
  headers: Map<string, string>;
  body: Buffer;
  /**
   * Node's HTTP layer answered, not the app: its parser refused the request (a bare 400/431/505 with only
   * `Connection: close`), or it refused an `Expect` other than 100-continue (a bodiless 417).
   */
  parserReject: boolean;
  error?: string;
}

const CRLF = '\r\n';

function encodeRequest(port: number, req: RawRequest): Buffer {
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const ownHost = (req.headers ?? []).some(([k]) => k.toLowerCase() === 'host'); // a fuzzed Host replaces ours
  const lines = [`${req.method} ${req.target} HTTP/1.1`, ...(ownHost ? [] : [`Host: 127.0.0.1:${port}`]), 'Connection: close'];
  for (const [k, v] of req.headers ?? []) lines.push(`${k}: ${v}`);
  const chunked = (req.headers ?? []).some(([k]) => k.toLowerCase() === 'transfer-encoding');
  if (body) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'utf8');
  if (body) return Buffer.concat([head, body]);
  // A chunked request without a body still ends its (empty) body, or the server would wait for it.
  return chunked ? Buffer.concat([head, Buffer.from(`0${CRLF}${CRLF}`)]) : head;
}

function dechunk(buf: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = buf.indexOf(CRLF, at);
    if (eol < 0) break;
    const size = parseInt(buf.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

export function parseResponse(raw: Buffer, error?: string): RawResponse {
  // Skip interim answers (100 Continue).
  while (/^HTTP\/1\.[01] 1\d\d /.test(raw.subarray(0, 16).toString('latin1'))) {
    const e = raw.indexOf(CRLF + CRLF);
    if (e < 0) break;
    raw = raw.subarray(e + 4);
  }
  const end = raw.indexOf(CRLF + CRLF);
  const headers = new Map<string, string>();
  if (end < 0) return { status: 0, headers, body: Buffer.alloc(0), parserReject: false, error: error ?? 'no response' };
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split(CRLF);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
  }
  let body = raw.subarray(end + 4);
  if (headers.get('transfer-encoding')?.includes('chunked')) body = dechunk(body);
  else if (headers.has('content-length')) body = body.subarray(0, Number(headers.get('content-length')));
  const bare = status >= 400 && !headers.has('content-type') && body.length === 0;
  const parserReject = bare && (status === 417 || [...headers.keys()].every((k) => k === 'connection'));
  return { status, headers, body, parserReject, error };
}

/** Sends one request on a fresh connection; resolves with whatever came back (never rejects). */
export function rawRequest(port: number, req: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (error?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parseResponse(Buffer.concat(chunks), error));
    };
    const socket = net.connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    // The server may answer (413, 400) and close before it read the whole body: keep what it sent.
    socket.on('error', (e) => finish(chunks.length ? undefined : e.message));
    socket.write(encodeRequest(port, req));
  });
}

/** The body as JSON, or undefined. */
export function jsonOf(res: RawResponse): any {
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Runs tasks with at most `limit` in flight, in order of the array. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
