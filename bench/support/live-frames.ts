/**
 * Reading live-feed frames cheaply (pure). The bench holds 500 clients on a 2-core machine, where fully
 * decoding every frame in every client costs ~10 µs per change (UTF-8 decode + JSON.parse of an 850-byte
 * feature) — 10 cores at 1M deliveries/s. So most bench clients read frames as bytes:
 *   - frameBounds: the first and last seq of a frame (O(1) in the frame size, from both ends);
 *   - scanFrame: every change's seq and commit time (`at`), without building the features.
 * Both work on a socket.io text frame (`42/live,["changes",[{"seq":…},…]]`, `42/live,["change",{…}]`)
 * and on the anchor's raw frame (`[{"seq":…},…]`). The change objects' keys come in a fixed order
 * (`seq` first, `at` last: server/realtime/area-filter.ts toWire), and a string value can never contain
 * `{"seq":` because JSON escapes quotes inside strings.
 */
const SEQ_MARK = Buffer.from('{"seq":');
const AT_MARK = Buffer.from('"at":"');
const SIO_CHANGES = Buffer.from('42/live,["changes",');
const SIO_CHANGE = Buffer.from('42/live,["change",');
const ISO_LENGTH = 24; // 2026-11-28T22:11:15.806Z

/** Whether a socket.io text frame carries a `changes` or `change` event of /live. */
export function isLiveChangeFrame(buf: Buffer): boolean {
  return startsWith(buf, SIO_CHANGES) || startsWith(buf, SIO_CHANGE);
}

function startsWith(buf: Buffer, prefix: Buffer): boolean {
  return buf.length >= prefix.length && buf.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

function readUint(buf: Buffer, at: number): number {
  let v = 0;
  for (let i = at; i < buf.length; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return i === at ? Number.NaN : v;
    v = v * 10 + d;
  }
  return Number.NaN;
}

export interface FrameBounds {
  first: number;
  last: number;
}

/** The first and last seq of a frame, or null when it holds no change. */
export function frameBounds(buf: Buffer): FrameBounds | null {
  const a = buf.indexOf(SEQ_MARK);
  if (a < 0) return null;
  const b = buf.lastIndexOf(SEQ_MARK);
  return { first: readUint(buf, a + SEQ_MARK.length), last: readUint(buf, b + SEQ_MARK.length) };
}

export interface ScannedFrame {
  seqs: number[];
  /** Commit time of each change, ms since epoch. */
  commitMs: number[];
}

/** Every change's seq and commit time, in frame order. */
export function scanFrame(buf: Buffer): ScannedFrame {
  const starts: number[] = [];
  for (let i = buf.indexOf(SEQ_MARK); i >= 0; i = buf.indexOf(SEQ_MARK, i + SEQ_MARK.length)) starts.push(i);
  const seqs: number[] = [];
  const commitMs: number[] = [];
  for (let k = 0; k < starts.length; k++) {
    seqs.push(readUint(buf, starts[k]! + SEQ_MARK.length));
    const end = k + 1 < starts.length ? starts[k + 1]! : buf.length;
    const at = buf.lastIndexOf(AT_MARK, end);
    const iso = at > starts[k]! ? buf.toString('latin1', at + AT_MARK.length, at + AT_MARK.length + ISO_LENGTH) : '';
    commitMs.push(Date.parse(iso));
  }
  return { seqs, commitMs };
}

/** The first and last seq of a frame known only by its first and last bytes (bench/support/wire-client.ts). */
export function headTailBounds(head: Buffer, tail: Buffer): FrameBounds | null {
  const a = head.indexOf(SEQ_MARK);
  const b = tail.lastIndexOf(SEQ_MARK);
  if (a < 0 || b < 0) return null;
  const first = readUint(head, a + SEQ_MARK.length);
  const last = readUint(tail, b + SEQ_MARK.length);
  return Number.isNaN(first) || Number.isNaN(last) ? null : { first, last };
}
