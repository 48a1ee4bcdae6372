/**
 * The origin absolute links are built on (OGC `links`, TileJSON tile URLs). Never a header the caller made up:
 *   - PUBLIC_URL, when configured (behind a proxy or under another name: set it), always wins;
 *   - otherwise the request's own Host header, if it is a syntactically valid host[:port] (a DNS name, an IPv4
 *     or a bracketed IPv6 address), with the scheme of the connection. `X-Forwarded-Proto` / `X-Forwarded-Host`
 *     count only through Express's `trust proxy`, which is off unless TRUST_PROXY names the proxies.
 *   A Host that is not a host is answered 400 INVALID_HOST (nothing is reflected).
 */
import type { Request } from 'express';
import { badRequest } from '../../errors.ts';

export type OriginOf = (req: Request) => string;

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9A-Fa-f:.]{2,45}\\])(?::[0-9]{1,5})?$`);

/** Pure: the origin for a request, or null when its Host cannot be used. */
export function originFrom(publicUrl: string | undefined, protocol: string, host: string | undefined): string | null {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  if (!host || host.length > 260 || !HOST.test(host)) return null;
  return `${protocol === 'https' ? 'https' : 'http'}://${host}`;
}

export function publicOrigin(publicUrl?: string): OriginOf {
  return (req) => {
    const origin = originFrom(publicUrl, req.protocol, req.headers.host);
    if (origin === null) throw badRequest('INVALID_HOST', 'The Host header is not a valid host name; links cannot be built');
    return origin;
  };
}
