/**
 * Built items pages kept by their version key (collection version, query, reader's jurisdiction and view,
 * origin): a page of an unchanged collection is not rebuilt for the next reader asking the same, and its
 * compressed forms are kept beside it. Bounded by bytes, oldest first out. A new version makes a new key, so
 * nothing here is ever stale; old keys age out.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Coding } from '../platform/transfer.ts';

export interface CachedPage {
  body: Buffer;
  headers: Record<string, string>;
  coded: Partial<Record<Exclude<Coding, 'identity'>, Buffer>>;
}

export class PageCache {
  private readonly entries = new Map<string, CachedPage>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): CachedPage | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
    }
    return hit;
  }

  set(key: string, body: Buffer, headers: Record<string, string>): void {
    if (this.maxBytes <= 0 || body.length > this.maxBytes / 4) return;
    this.drop(key);
    this.entries.set(key, { body, headers, coded: {} });
    this.bytes += body.length;
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(k);
    }
  }

  /** The body in a content coding, compressed once and kept. */
  coded(page: CachedPage, coding: Exclude<Coding, 'identity'>): Buffer {
    let out = page.coded[coding];
    if (!out) {
      out = coding === 'br' ? brotliCompressSync(page.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(page.body, { level: 6 });
      page.coded[coding] = out;
      this.bytes += out.length;
    }
    return out;
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.bytes -= e.body.length + (e.coded.br?.length ?? 0) + (e.coded.gzip?.length ?? 0);
    this.entries.delete(key);
  }
}
