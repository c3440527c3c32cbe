import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'sid';

export function readSessionToken(c: Context): string | undefined {
  return tokenFromCookieHeader(c.req.header('cookie'));
}

export function writeSessionCookie(c: Context, token: string, expiresAt: Date, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}

const SESSION_PAIR = new RegExp(`(?:^|;)\\s*${SESSION_COOKIE}=([^;]*)`);

/**
 * The session token from a raw Cookie header, for HTTP and the Socket.IO handshake alike. One regex
 * rather than parsing every cookie of the header (hono/cookie's getCookie), which runs on every API
 * request. Undecodable percent-escapes count as no token.
 */
export function tokenFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const raw = SESSION_PAIR.exec(header)?.[1]?.trim();
  if (!raw) return undefined;
  const value = raw.length > 1 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
