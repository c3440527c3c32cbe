import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

/**
 * Compresses answers for clients that accept it (issue 13.1): brotli before gzip, identity when
 * neither is accepted. Skipped: HEAD, bodiless and partial answers (1xx, 204, 206, 304), answers
 * already encoded or marked `no-transform`, media that is compressed already (images, fonts,
 * archives), event streams, and answers under MIN_BYTES (the headers would outweigh the gain).
 *
 * Dynamic answers are compressed at a low level on the libuv thread pool (the event loop stays
 * free), the lowest for answers over 256 KB: the big ones are the snapshot, whose random ids compress
 * no better at a higher level. Static files of the client build (answers carrying Last-Modified)
 * are compressed once and kept in memory, keyed by path, size and mtime. Measured on the 565 KB
 * client bundle (loaded 2-core box): brotli q6 162 KB in 85 ms, q11 148 KB in 2.5 s, gzip -9 175 KB
 * in 32 ms; q11 on the first request after a start would stall the page, so q6 it is.
 */
export const MIN_BYTES = 1024;
/**
 * Levels for dynamic answers, lower for big ones. Measured on the 50,000-occurrence snapshot (loaded
 * 2-core box): compact 3.5 MB → br q1 1.12 MB in 55 ms, q4 1.10 MB in 650 ms; default JSON 20.9 MB →
 * br q1 1.81 MB in 170 ms, q4 1.31 MB in 2.2 s; gzip 1 vs 5: 3.81 vs 3.59 MB in 0.5 vs 1.1 s.
 * The 10,000-occurrence compact snapshot (760 KB, load 10) is big too: br q1 238 KB in 4-6 ms, q4
 * 234 KB in 15-20 ms (most of what a build after a move cost); gzip 1 vs 5: 267 vs 258 KB in 56 vs 100 ms.
 */
const BIG_BYTES = 256 * 1024;
const DYNAMIC_BROTLI_QUALITY = { small: 4, big: 1 };
const DYNAMIC_GZIP_LEVEL = { small: 5, big: 1 };
const STATIC_BROTLI_QUALITY = 6;
const STATIC_CACHE_BYTES = 32 * 1024 * 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

export type Coding = 'br' | 'gzip';

/** Text-like media types worth compressing; everything else (images, fonts, zip, .br/.gz files) is left alone. */
const COMPRESSIBLE = /^(?:text\/(?!event-stream)|application\/(?:json|javascript|ecmascript|xml|x-javascript|wasm|manifest\+json|[\w.+-]*\+(?:json|xml))|image\/svg\+xml)/i;

/** The coding to use for an `Accept-Encoding` header: br, then gzip, honouring `q=0` and `*`. */
export function negotiate(header: string | undefined): Coding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (c: Coding) => q.get(c) ?? q.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

/** A dynamic answer compressed at the level for its size (exported for the snapshot route, which keeps what it compressed). */
export function compressDynamic(body: Buffer, coding: Coding): Promise<Buffer> {
  const size = body.length >= BIG_BYTES ? 'big' : 'small';
  return coding === 'br'
    ? brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: DYNAMIC_BROTLI_QUALITY[size], [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzip(body, { level: DYNAMIC_GZIP_LEVEL[size] });
}

function compressStatic(body: Buffer, coding: Coding): Promise<Buffer> {
  return coding === 'br'
    ? brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: STATIC_BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzip(body, { level: zlib.constants.Z_BEST_COMPRESSION });
}

/** Compressed static files, least recently used out first once over STATIC_CACHE_BYTES. */
class StaticCache {
  private readonly entries = new Map<string, Promise<Buffer>>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  get(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = make();
    this.entries.set(key, made);
    made.then(
      (buf) => {
        if (this.entries.get(key) !== made) return;
        this.sizes.set(key, buf.length);
        this.bytes += buf.length;
        for (const [k] of this.entries) {
          if (this.bytes <= STATIC_CACHE_BYTES) break;
          this.evict(k);
        }
      },
      () => this.entries.delete(key),
    );
    return made;
  }

  private evict(key: string): void {
    this.entries.delete(key);
    this.bytes -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }
}

const SKIP_STATUS = new Set([204, 206, 304]);

export function compression(): MiddlewareHandler {
  const cache = new StaticCache();
  return async (c, next) => {
    await next();
    const res = c.res;
    if (c.req.method === 'HEAD' || res.status < 200 || SKIP_STATUS.has(res.status)) return;
    const type = res.headers.get('content-type') ?? '';
    if (!COMPRESSIBLE.test(type) || res.headers.has('content-encoding') || /no-transform/i.test(res.headers.get('cache-control') ?? '')) return;
    // From here on the answer could be compressed, so it varies by Accept-Encoding (for caches on the way).
    const declared = res.headers.get('content-length');
    if (declared !== null && Number(declared) < MIN_BYTES) return appendVary(res.headers);
    const coding = negotiate(c.req.header('accept-encoding'));
    if (!coding) return appendVary(res.headers);
    // `body` is read only now: on @hono/node-server's lightweight Response it builds the full web
    // Response, which the adapter then streams back (its slow path), so answers sent as they are
    // (no Accept-Encoding, or small by their Content-Length) never touch it.
    if (!res.body) return appendVary(res.headers);

    const raw = Buffer.from(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    appendVary(headers);
    c.res = undefined; // else Hono copies the old answer's headers (Content-Length) over the new one's
    if (raw.length < MIN_BYTES) {
      c.res = new Response(raw as Uint8Array<ArrayBuffer>, { status: res.status, statusText: res.statusText, headers });
      return;
    }
    const lastModified = res.headers.get('last-modified');
    const body = lastModified ? await cache.get(`${coding} ${c.req.path} ${raw.length} ${lastModified}`, () => compressStatic(raw, coding)) : await compressDynamic(raw, coding);
    headers.set('content-encoding', coding);
    headers.set('content-length', String(body.length));
    // A strong validator names one representation; the compressed bytes are another one.
    const etag = headers.get('etag');
    if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
    c.res = new Response(body as Uint8Array<ArrayBuffer>, { status: res.status, statusText: res.statusText, headers });
  };
}

function appendVary(headers: Headers): void {
  const vary = headers.get('vary');
  if (!vary) headers.set('vary', 'Accept-Encoding');
  else if (!/(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
}
