import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, parseWith, validationFailed } from '../errors';
import { jsonShapeProblem } from './json-shape';

export const MAX_BODY_BYTES = 1024 * 1024;

/** The rest of the body is not read, so the connection cannot carry another request: say so. */
function tooLarge(c: Context): AppError {
  c.header('Connection', 'close');
  return new AppError('payload_too_large', `the request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB)`);
}

/** 413 before anything is read when the declared length is too large; chunked bodies are capped while read. */
export function refuseDeclaredOversize(c: Context): void {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) throw tooLarge(c);
}

const bodies = new WeakMap<Context, Promise<string>>();

/**
 * The request body as text, read once per request and at most 1 MiB. With a Content-Length,
 * @hono/node-server reads the Node stream straight into a buffer; touching `c.req.raw.body` (as
 * hono/body-limit does) would build an undici Request and web streams for every call, which was
 * the largest cost of a small JSON request.
 */
export function readBodyText(c: Context): Promise<string> {
  let text = bodies.get(c);
  if (!text) {
    text = c.req.header('content-length') !== undefined ? c.req.text() : readCapped(c).then((b) => b.toString('utf8'));
    bodies.set(c, text);
  }
  return text;
}

/** The request body as bytes, at most 1 MiB (for bodies whose decoding must be checked, like CSV). */
export async function readBodyBytes(c: Context): Promise<Uint8Array> {
  return c.req.header('content-length') !== undefined ? new Uint8Array(await c.req.arrayBuffer()) : readCapped(c);
}

async function readCapped(c: Context): Promise<Buffer> {
  const body = c.req.raw.body;
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge(c);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON body: 415 for another media type, 400 for broken or empty JSON, 400 naming each bad field. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    throw new AppError('unsupported_media_type', `send the body as application/json (got ${type ? `"${type.slice(0, 60)}"` : 'no Content-Type'})`);
  }
  const text = await readBodyText(c);
  if (!text.trim()) throw new AppError('malformed_json', 'the request body is empty; expected a JSON object');
  const shape = jsonShapeProblem(text);
  if (shape) throw validationFailed([{ path: '(body)', message: shape }]);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AppError('malformed_json', `the request body is not valid JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  return parseWith(schema, raw);
}

/**
 * Reads a `text/csv` body as bytes (the CSV reader checks the UTF-8 itself, to name the line of a
 * bad byte): 415 for another media type or a charset other than UTF-8.
 */
export async function readCsv(c: Context): Promise<Uint8Array> {
  const type = c.req.header('content-type') ?? '';
  const charset = /;\s*charset="?([^";\s]+)/i.exec(type)?.[1];
  if (!/^text\/csv\s*(;|$)/i.test(type) || (charset !== undefined && !/^utf-?8$/i.test(charset))) {
    throw new AppError('unsupported_media_type', `send the body as text/csv in UTF-8 (got ${type ? `"${type.slice(0, 60)}"` : 'no Content-Type'})`);
  }
  return readBodyBytes(c);
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, c.req.query());
}
