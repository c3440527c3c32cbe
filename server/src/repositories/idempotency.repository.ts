import type { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from './sql';

/** Idempotency-Key records: one per user and key, claimed by the request that runs, then its stored answer. */

export interface IdempotencyRow {
  request_hash: string;
  status: number | null;
  body: unknown;
  headers: Record<string, string> | null;
}

export async function findLiveRecord(em: EntityManager, userId: string, key: string): Promise<IdempotencyRow | undefined> {
  const [row] = await rawQuery<IdempotencyRow>(em, 'select request_hash, status, body, headers from idempotency_record where user_id = ? and key = ? and expires_at > now()', [userId, key]);
  return row;
}

/** Inserts the key row, or takes over an expired one or one claimed over `abandonedAfterS` ago and never finished. True when this request owns it. */
export async function claimRecord(em: EntityManager, userId: string, key: string, fingerprint: string, abandonedAfterS: number): Promise<boolean> {
  const rows = await rawQuery<{ id: string }>(
    em,
    `insert into idempotency_record (id, user_id, key, request_hash, status, body, headers, created_at, claimed_at, expires_at)
     values (gen_random_uuid(), ?, ?, ?, null, null, null, now(), now(), now() + interval '24 hours')
     on conflict (user_id, key) do update
        set request_hash = excluded.request_hash, status = null, body = null, headers = null,
            created_at = now(), claimed_at = now(), expires_at = excluded.expires_at
      where idempotency_record.expires_at <= now()
         or (idempotency_record.status is null and idempotency_record.claimed_at < now() - make_interval(secs => ?))
     returning id`,
    [userId, key, fingerprint, abandonedAfterS],
  );
  return rows.length > 0;
}

/** Gives up an unfinished claim (the work failed unexpectedly), so a retry with the key runs again. */
export async function releaseClaim(em: EntityManager, userId: string, key: string): Promise<void> {
  await rawQuery(em, 'delete from idempotency_record where user_id = ? and key = ? and status is null', [userId, key]);
}

/** Stores the answer; the body as JSON text inside jsonb (jsonb reorders keys, a replay must not). */
export async function storeResponse(em: EntityManager, userId: string, key: string, response: { status: number; body: unknown; headers: Record<string, string> }): Promise<void> {
  await rawQuery(em, 'update idempotency_record set status = ?, body = to_jsonb(?::text), headers = ?::jsonb where user_id = ? and key = ?', [
    response.status,
    JSON.stringify(response.body),
    JSON.stringify(response.headers),
    userId,
    key,
  ]);
}

/** Deletes records expired over an hour ago; returns how many. */
export async function deleteExpiredRecords(em: EntityManager): Promise<number> {
  const rows = await rawQuery<{ id: string }>(em, `delete from idempotency_record where expires_at < now() - interval '1 hour' returning id`);
  return rows.length;
}
