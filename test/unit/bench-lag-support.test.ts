/**
 * The analysis bench's lag instruments: the HTTP client on its own thread reads a body to the end and counts it
 * (and hands back the text of an error), and the idle process's lag probe reports its own histogram — a stall of this
 * thread is not in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { offThreadClient } from '../../bench/support/off-thread-client.ts';
import { idleLagProbe } from '../../bench/support/idle-lag-probe.ts';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/big') {
      res.writeHead(200);
      for (let i = 0; i < 100; i++) res.write(Buffer.alloc(10_000, 120));
      return void res.end();
    }
    res.writeHead(req.headers.authorization === 'Bearer t' ? 404 : 401).end(`no ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('offThreadClient', () => {
  it('counts a body to the end, passes headers, and returns an error\'s text', async () => {
    const client = offThreadClient();
    try {
      const [big, missing] = await Promise.all([client.get(`${base}/big`), client.get(`${base}/nothing`, { authorization: 'Bearer t' })]);
      expect(big).toEqual({ status: 200, bytes: 1_000_000, error: '' });
      expect(missing).toEqual({ status: 404, bytes: 0, error: 'no /nothing' });
      expect((await client.get(`${base}/x`)).status).toBe(401);
    } finally {
      await client.close();
    }
  });
});

describe('idleLagProbe', () => {
  it('measures its own process: a 500 ms stall of this thread is not in it', async () => {
    const probe = await idleLagProbe();
    try {
      probe.start();
      const until = performance.now() + 500;
      while (performance.now() < until); // this thread stalls; the probe's does not
      await new Promise((resolve) => setTimeout(resolve, 50));
      const lag = await probe.stop();
      expect(lag.p99).toBeGreaterThan(0);
      expect(lag.max).toBeLessThan(400);
    } finally {
      probe.close();
    }
  });
});
