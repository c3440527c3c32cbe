import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, validationFailed } from '../errors';
import { claimRecord, deleteExpiredRecords, findLiveRecord, releaseClaim, storeResponse } from '../repositories/idempotency.repository';
import type { Ctx } from './context';

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** A claim older than this whose owner never finished (the node died) may be taken over. */
const ABANDONED_AFTER_S = 60;
const WAIT_STEP_MS = 20;
const WAIT_LIMIT_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Key order does not make two bodies different. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function requestFingerprint(method: string, path: string, rawBody: string): string {
  let body = rawBody;
  try {
    body = JSON.stringify(canonical(JSON.parse(rawBody)));
  } catch {
    /* not JSON: the raw text is the body */
  }
  return createHash('sha256').update(`${method} ${path}\n${body}`).digest('hex');
}

/**
 * `Idempotency-Key` (docs/rules.md): the key row is inserted (claimed) BEFORE the work, so of racing
 * requests exactly one does the work; the others find the row and wait for its stored response,
 * then replay it. Same key with another body → 422. Keys are per user and expire after 24 h.
 * Waiting polls instead of holding a connection, so 20 racing duplicates cannot drain the pool.
 */
export class IdempotencyService {
  async run(ctx: Ctx, key: string, fingerprint: string, work: () => Promise<StoredResponse>): Promise<StoredResponse & { replayed: boolean }> {
    if (!ctx.actor) return { ...(await work()), replayed: false };
    if (!KEY_PATTERN.test(key)) {
      throw validationFailed([{ path: 'Idempotency-Key', message: 'must be 1–200 printable ASCII characters without spaces' }]);
    }
    const userId = ctx.actor.id;
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      if (await this.claim(ctx.em, userId, key, fingerprint)) return { ...(await this.own(ctx.em, userId, key, work)), replayed: false };
      const row = await findLiveRecord(ctx.em, userId, key);
      if (row) {
        if (row.request_hash !== fingerprint) {
          throw new AppError('idempotency_key_reused', 'this Idempotency-Key was already used for a different request; use a new key for a new request');
        }
        if (row.status !== null) return { status: row.status, body: JSON.parse(row.body as string), headers: row.headers ?? {}, replayed: true };
      }
      if (Date.now() > deadline) throw new AppError('conflict', 'the first request with this Idempotency-Key is still running; retry shortly');
      await sleep(WAIT_STEP_MS);
    }
  }

  /** Inserts the key row, or takes over an expired or abandoned one. True when this request owns it. */
  private async claim(em: EntityManager, userId: string, key: string, fingerprint: string): Promise<boolean> {
    return claimRecord(em, userId, key, fingerprint, ABANDONED_AFTER_S);
  }

  private async own(em: EntityManager, userId: string, key: string, work: () => Promise<StoredResponse>): Promise<StoredResponse> {
    let response: StoredResponse;
    try {
      response = await work();
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) {
        // Nothing worth replaying: free the key so a retry does the work.
        await releaseClaim(em, userId, key);
        throw err;
      }
      response = { status: err.status, body: err.toBody(), headers: {} };
    }
    await storeResponse(em, userId, key, response);
    return response;
  }

  /** Housekeeping (the horizon worker calls it). */
  async purgeExpired(em: EntityManager): Promise<number> {
    return deleteExpiredRecords(em);
  }
}
