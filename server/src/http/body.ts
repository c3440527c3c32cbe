import type { Context } from 'hono';
import { toFieldIssues } from '@schedhuler/shared';
import type { z } from 'zod';
import { AppError, validationFailed } from '../errors';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a JSON body: 415 for another media type, 400 for broken or empty JSON, 400 naming each bad field. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    throw new AppError('unsupported_media_type', `send the body as application/json (got ${type ? `"${type.slice(0, 60)}"` : 'no Content-Type'})`);
  }
  const text = await c.req.text();
  if (!text.trim()) throw new AppError('malformed_json', 'the request body is empty; expected a JSON object');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AppError('malformed_json', `the request body is not valid JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  return parseWith(schema, raw);
}

export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationFailed(toFieldIssues(parsed.error.issues));
  return parsed.data;
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, c.req.query());
}
