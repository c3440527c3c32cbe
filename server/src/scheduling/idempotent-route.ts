import type { Context } from 'hono';
import { readBodyText } from '../http/body';
import type { AppEnv } from '../http/types';
import { requestFingerprint, type IdempotencyService, type StoredResponse } from '../services/idempotency.service';

/**
 * Runs a POST handler under its `Idempotency-Key` when the request has one: the first response
 * (success or 4xx) is stored and replayed with `Idempotent-Replayed: true`.
 */
export async function idempotent(c: Context<AppEnv>, idempotency: IdempotencyService, work: () => Promise<StoredResponse>): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return send(c, await work(), false);
  const fingerprint = requestFingerprint(c.req.method, c.req.path, await readBodyText(c));
  const response = await idempotency.run(c.var.ctx, key, fingerprint, work);
  return send(c, response, response.replayed);
}

function send(c: Context<AppEnv>, r: StoredResponse, replayed: boolean): Response {
  const headers: Record<string, string> = { ...r.headers };
  if (replayed) headers['Idempotent-Replayed'] = 'true';
  return c.json(r.body as object, r.status as 200, headers);
}
