/**
 * Issue 9 §1 and §6: the one spelling of a request path (server/auth/route-path.ts), the route table decided on
 * it, the one feature id rule, our own words for database errors, TRUST_PROXY / PUBLIC_URL and the link origin.
 */
import { describe, expect, it } from 'vitest';
import { canonicalPath } from '../../server/auth/route-path.ts';
import { routePermission, writePermissionOf, readPermissionOf } from '../../server/auth/route-permissions.ts';
import { isFeatureId } from '../../server/protocol/feature-id.ts';
import { toWriteError, WriteError } from '../../server/db/features/features-write-repository.ts';
import { loadConfig } from '../../server/config.ts';
import { originFrom } from '../../server/http/platform/public-origin.ts';

const decided = (method: string, raw: string) => {
  const c = canonicalPath(raw);
  return c.ok ? routePermission(method, c.decoded) : 'refused';
};

describe('canonicalPath', () => {
  it('decodes each segment once and re-encodes it one way', () => {
    expect(canonicalPath('/ogc/collections/%69ncidents/items')).toEqual({ ok: true, encoded: '/ogc/collections/incidents/items', decoded: '/ogc/collections/incidents/items' });
    expect(canonicalPath('/glyphs/Noto%20Sans%20Regular/0-255.pbf')).toMatchObject({ encoded: '/glyphs/Noto%20Sans%20Regular/0-255.pbf', decoded: '/glyphs/Noto Sans Regular/0-255.pbf' });
    expect(canonicalPath('/a/%E6%96%87').ok && canonicalPath('/a/文')).toMatchObject({ encoded: '/a/%E6%96%87', decoded: '/a/文' });
  });

  it('drops empty segments (doubled and trailing slashes)', () => {
    expect(canonicalPath('//ogc//collections/incidents/items/')).toMatchObject({ encoded: '/ogc/collections/incidents/items' });
    expect(canonicalPath('/')).toMatchObject({ encoded: '/', decoded: '/' });
    expect(canonicalPath('///')).toMatchObject({ encoded: '/' });
  });

  it.each([
    ['/ogc/collections/incidents%2Fitems'],
    ['/ogc/collections/incidents%2fitems'],
    ['/ogc/collections/incidents%5Citems'],
    ['/ogc/collections/%2569ncidents/items'],
    ['/ogc/%E0%A4%A'],
    ['/ogc/%zz'],
    ['/ogc/%'],
    ['/ogc/./collections'],
    ['/ogc/collections/x/../incidents/items'],
    ['/ogc/%2E%2E/api'],
    ['/ogc/%2e/collections'],
    ['/ogc/a%00b'],
    ['/ogc/a%0Ab'],
    ['ogc/collections'],
    ['http://evil/ogc/collections'],
    ['/ogc#frag'],
  ])('refuses %s', (raw) => {
    expect(canonicalPath(raw).ok).toBe(false);
  });

  it('is idempotent', () => {
    for (const raw of ['/ogc/collections/%69ncidents/items/', '/glyphs/Noto Sans/0.pbf', '/a/文/%41b', '/']) {
      const once = canonicalPath(raw);
      expect(once.ok).toBe(true);
      if (once.ok) expect(canonicalPath(once.encoded)).toEqual(once);
    }
  });
});

describe('the route table decides on the canonical path', () => {
  it.each([
    ['POST', '/ogc/collections/%69ncidents/items', 'incidents:write'],
    ['POST', '/ogc/collections/%49NCIDENTS/items', 'incidents:write'],
    ['PATCH', '/ogc/collections/%69ncidents/items/E1', 'incidents:write'],
    ['PATCH', '/ogc//collections/units/items/U1/', 'dispatch:write'],
    ['DELETE', '/%6Fgc/collections/cameras/items/1', 'assets:write'],
    ['GET', '/ogc/collections/%69ncidents/items', 'incidents:read'],
    ['GET', '/tiles/%69ncidents/10/1/1.mvt', 'incidents:read'],
    ['GET', '/%61pi/personal/incidents/E1', 'personal:masked'],
    ['GET', '/%6Detrics', 'metrics:read'],
    ['GET', '/api/%68ealth', 'public'],
    ['GET', '/ogc/collections/incidents/./items', 'refused'],
  ])('%s %s needs %s', (method, raw, need) => {
    expect(decided(method, raw)).toBe(need);
  });

  it('names the write and read permission of each collection', () => {
    expect(writePermissionOf('incidents')).toBe('incidents:write');
    expect(writePermissionOf('units')).toBe('dispatch:write');
    expect(writePermissionOf('depots')).toBeNull();
    expect(writePermissionOf('constructor')).toBeNull();
    expect(readPermissionOf('incidents')).toBe('incidents:read');
    expect(readPermissionOf('cameras')).toBe('layers:read');
  });
});

describe('one feature id rule', () => {
  it('accepts the registers’ ids and refuses what could not be read back', () => {
    for (const ok of ['U000001', '41050000991310000101', 'AM-incidents-in-1', 'SIM20261204AB.C1', '文峰-1', 'a:b_c', 'x'.repeat(200)]) expect(isFeatureId(ok), ok).toBe(true);
    for (const bad of ['', 'x'.repeat(201), 'x'.repeat(4000), 'a/b', 'a%2Fb', '.', '..', '-a', 'a b', 'a\u0000', 'a?b', 'a#b', 'a\\b', 7]) expect(isFeatureId(bad), String(bad)).toBe(false);
  });
});

describe('database errors in our own words', () => {
  it.each([
    ['23505', 'Key (id)=(SECRET-ID) already exists.'],
    ['22003', 'value "99999999999" is out of range for type integer'],
    ['23514', 'new row for relation "incidents" violates check constraint "incidents_priority_check"'],
    ['22P02', 'invalid input syntax for type integer: "SECRET"'],
    ['XX000', 'lwgeom_intersection: GEOS Error: TopologyException'],
  ])('SQLSTATE %s never carries the driver text', (code, message) => {
    const mapped = toWriteError({ code, message, detail: message, constraint: 'incidents_priority_check', column: 'priority' });
    expect(mapped).toBeInstanceOf(WriteError);
    const text = JSON.stringify({ m: (mapped as WriteError).message, d: (mapped as WriteError).details });
    expect(text).not.toMatch(/SECRET|integer|constraint|relation|GEOS|Key \(/);
  });

  it('passes an unknown error on unchanged (a 500 without text)', () => {
    const err = new Error('connection lost');
    expect(toWriteError(err)).toBe(err);
  });
});

describe('TRUST_PROXY and PUBLIC_URL', () => {
  it('trusts no proxy by default', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
  });

  it('parses hop counts and proxy lists', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8', '::1']);
  });

  it.each(['true', 'everyone', '10.0.0.0/33', '1.2.3', '10', 'loopback,'])('refuses TRUST_PROXY=%s', (v) => {
    if (v === 'loopback,') expect(loadConfig({ TRUST_PROXY: v }).TRUST_PROXY).toEqual(['loopback']);
    else expect(() => loadConfig({ TRUST_PROXY: v })).toThrow(/TRUST_PROXY/);
  });

  it('takes PUBLIC_URL only as an http(s) URL without query', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://map.example/anyang/' }).PUBLIC_URL).toBe('https://map.example/anyang/');
    expect(() => loadConfig({ PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'https://x.example/?a=1' })).toThrow(/PUBLIC_URL/);
  });

  it('builds links on PUBLIC_URL, else on a valid Host only', () => {
    expect(originFrom('https://map.example/anyang/', 'http', 'evil.example')).toBe('https://map.example/anyang');
    expect(originFrom(undefined, 'http', '127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(originFrom(undefined, 'https', 'map.example')).toBe('https://map.example');
    expect(originFrom(undefined, 'http', '[::1]:8080')).toBe('http://[::1]:8080');
    for (const bad of [undefined, '', 'evil.example/x', 'a b', 'evil.example@x', '"><script>', 'x:y:z', 'host:123456']) {
      expect(originFrom(undefined, 'http', bad), String(bad)).toBeNull();
    }
  });
});
