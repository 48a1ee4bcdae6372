/** The built client's transfer: precompressed hashed assets cached as immutable, index.html revalidated. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticAssetsRouter } from '../../server/http/platform/static-assets.ts';

let dir: string;
let server: import('node:http').Server;
let base: string;
const SCRIPT = `console.log(${JSON.stringify('平安'.repeat(2000))});`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'static-assets-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><script src="/assets/main-abc123.js"></script>');
  await writeFile(path.join(dir, 'assets', 'main-abc123.js'), SCRIPT);
  await writeFile(path.join(dir, 'assets', 'main-abc123.js.br'), brotliCompressSync(SCRIPT));
  await writeFile(path.join(dir, 'assets', 'main-abc123.js.gz'), gzipSync(SCRIPT));
  const app = express();
  app.use(staticAssetsRouter(dir));
  server = app.listen(9602, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(`${base}${url}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

describe('client assets', () => {
  it('sends the precompressed brotli or gzip file, immutable, with the script type', async () => {
    const br = await get('/assets/main-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    expect(br.body.equals(brotliCompressSync(SCRIPT))).toBe(true);
    const gz = await get('/assets/main-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await get('/assets/main-abc123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers index.html (and client routes) with no-cache', async () => {
    for (const url of ['/', '/dispatch']) {
      const r = await get(url);
      expect(r.status).toBe(200);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.body.toString()).toContain('/assets/main-abc123.js');
    }
  });
});
