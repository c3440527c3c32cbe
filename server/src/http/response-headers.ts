import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { requestLike, requestOrigin, socketSources } from './origin';
import { ProxyTrust } from './proxy';
import type { AppEnv } from './types';

/** What hono/secure-headers sends by default, less Cross-Origin-Embedder-Policy (nothing here needs cross-origin isolation). */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'DENY'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

/**
 * The built client is module scripts and one stylesheet from /assets and one inline boot script,
 * admitted by its hash alone (`scriptHashes`, from the index.html served: http/inline-scripts.ts); no
 * style element (index.html is checked by a test). Svelte sets dynamic styles through the CSSOM
 * (`element.style`), which `style-src` does not govern. `connect-src 'self'` covers the socket's
 * ws:/wss: in current browsers; the explicit ws/wss of the request's host are for older ones.
 */
const CSP_FIXED = [
  "default-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function contentSecurityPolicy(origin: string | null, scriptHashes: readonly string[] = []): string {
  const sockets = socketSources(origin);
  return `${CSP_FIXED}; script-src 'self'${scriptHashes.map((h) => ` ${h}`).join('')}; connect-src 'self'${sockets ? ` ${sockets}` : ''}`;
}

/** Policies by request origin (a server answers for a handful of Host names); bounded against Host-header noise. */
function cspCache(scriptHashes: readonly string[]): (origin: string | null) => string {
  const byOrigin = new Map<string | null, string>();
  return (origin) => {
    let csp = byOrigin.get(origin);
    if (csp === undefined) {
      if (byOrigin.size >= 64) byOrigin.clear();
      csp = contentSecurityPolicy(origin, scriptHashes);
      byOrigin.set(origin, csp);
    }
    return csp;
  };
}

const SAFE_REQUEST_ID = /^[\w.:-]{1,100}$/;

/**
 * Sets the request id and the security headers on every answer. Under Node they go straight onto
 * the ServerResponse, which merges them into `writeHead`: setting them on the fetch Response
 * instead (as hono/secure-headers does, after the handler) builds an undici `Headers` per request,
 * and that was a fifth of the cost of a small JSON answer. A client's own `X-Request-Id` is kept
 * when it is a plain token.
 */
export function responseHeaders(trust: ProxyTrust = ProxyTrust.NONE, scriptHashes: readonly string[] = []): MiddlewareHandler<AppEnv> {
  // One cache per app, like every other piece of state: two servers in one process share nothing.
  const cspFor = cspCache(scriptHashes);
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    const csp = cspFor(requestOrigin(requestLike(c), trust));
    if (outgoing) {
      for (const [name, value] of SECURITY_HEADERS) outgoing.setHeader(name, value);
      outgoing.setHeader('Content-Security-Policy', csp);
      outgoing.setHeader('X-Request-Id', requestId);
    } else {
      for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
      c.header('Content-Security-Policy', csp);
      c.header('X-Request-Id', requestId);
    }
    await next();
  };
}
