import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { clientAddress, headerList, ProxyTrust } from './proxy';

/**
 * What `requestOrigin` reads: a Node `IncomingMessage` (an HTTP request, or the request of a
 * Socket.IO handshake), or the same two fields built from a fetch Request.
 */
export interface RequestLike {
  headers: IncomingHttpHeaders;
  /** A TLS socket has `encrypted: true`. */
  socket?: object | null;
}

const isTls = (socket: object | null | undefined) => Boolean(socket && (socket as { encrypted?: unknown }).encrypted === true);

/** The Node request under @hono/node-server; a stand-in with the same fields elsewhere (`app.request()`). */
export function requestLike(c: Context): RequestLike {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming) return incoming;
  const headers: IncomingHttpHeaders = {};
  c.req.raw.headers.forEach((value, name) => (headers[name] = value));
  return { headers, socket: { encrypted: c.req.url.startsWith('https:') } };
}

/** The serialized origin of an http(s) URL ("http://host:port", lowercase, default port dropped), else null. */
export function originOf(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
}

/** The TCP peer's address (the proxy's, behind one). */
export function peerAddress(req: RequestLike): string | undefined {
  const address = (req.socket as { remoteAddress?: unknown } | null | undefined)?.remoteAddress;
  return typeof address === 'string' ? address : undefined;
}

/**
 * The origin a browser shows for a page of this request: its scheme and its Host header. The one
 * place that decides it, for the HTTP Origin check, the socket handshake and the CSP's socket
 * source. Behind a proxy listed in `TRUST_PROXY` (and only then: anyone can send these headers),
 * `X-Forwarded-Proto` and `X-Forwarded-Host` say what the browser used (TLS ended at the proxy,
 * another port); the value the nearest proxy wrote (the last one) counts.
 */
export function requestOrigin(req: RequestLike, trust: ProxyTrust = ProxyTrust.NONE): string | null {
  const proxied = trust.trusts(peerAddress(req));
  const host = (proxied && headerList(req.headers['x-forwarded-host']).at(-1)) || req.headers.host;
  if (!host) return null;
  const proto = proxied ? headerList(req.headers['x-forwarded-proto']).at(-1)?.toLowerCase() : undefined;
  const scheme = proto === 'http' || proto === 'https' ? proto : isTls(req.socket) ? 'https' : 'http';
  return originOf(`${scheme}://${host}`);
}

/** The client's address for logs and the sign-in limiter: see `clientAddress` for how proxies count. */
export function requestClientIp(req: RequestLike, trust: ProxyTrust = ProxyTrust.NONE): string {
  return clientAddress(peerAddress(req), req.headers['x-forwarded-for'], trust);
}

/**
 * A browser's `Origin` header is this request's own origin, or one of `allowedOrigins` (full
 * origins, as `parseAllowedOrigins` keeps them). Scheme, host and port must all match: an https
 * page or another port on the same host is another site as far as cookies riding along go.
 * `"null"` (sandboxed frames, file: pages) and anything unparseable are refused.
 */
export function isSameOrAllowedOrigin(originHeader: string, expected: string | null, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(originHeader);
  if (!origin) return false;
  return origin === expected || allowedOrigins.includes(origin);
}

/**
 * The Origin check of the HTTP API (mutating requests) and of the socket handshake: a request whose
 * `Origin` header names another site is refused, so a cross-site page cannot ride on the session
 * cookie. No `Origin` at all (curl, server-to-server, a same-origin GET) is not a cross-site browser request.
 */
export function isForeignOrigin(req: RequestLike, trust: ProxyTrust, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && !isSameOrAllowedOrigin(origin, requestOrigin(req, trust), allowedOrigins);
}

/**
 * `ALLOWED_ORIGINS`: comma-separated full origins (`http://localhost:5173`). An entry that is not
 * one (a bare host, a path) stops the start-up: silently ignoring it would refuse the dev server.
 */
export function parseAllowedOrigins(raw: string | undefined): string[] {
  const entries = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return entries.map((entry) => {
    let url: URL | null;
    try {
      url = new URL(entry);
    } catch {
      url = null;
    }
    const bare = url && (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if (!url || !bare || !/^https?:\/\//i.test(entry)) {
      throw new Error(`ALLOWED_ORIGINS: "${entry}" is not an origin; write scheme://host[:port], e.g. http://localhost:5173`);
    }
    return url.origin;
  });
}

const WS_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The socket's own endpoints for a CSP `connect-src` (ws and wss of the request's host), or '' when the host is odd. */
export function socketSources(origin: string | null): string {
  if (!origin) return '';
  const host = origin.slice(origin.indexOf('//') + 2);
  return WS_HOST.test(host) ? `ws://${host} wss://${host}` : '';
}
