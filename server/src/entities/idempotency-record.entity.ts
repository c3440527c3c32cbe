import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * One `Idempotency-Key` per user: the row is claimed (inserted) before the work starts, so a racing
 * duplicate finds it and waits for `status`/`body` instead of doing the work twice.
 */
export const IdempotencyRecord = defineEntity({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_record',
  uniques: [{ properties: ['userId', 'key'], name: 'idempotency_record_user_key_unique' }],
  indexes: [{ name: 'idempotency_record_expires_at_index', properties: ['expiresAt'] }],
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    userId: p.uuid(),
    key: p.string().length(200),
    /** sha256 of method, path and canonical body: the same key with another request is refused. */
    requestHash: p.string().length(64),
    /** null while the first request is still running. */
    status: p.integer().nullable(),
    body: p.json<unknown>().nullable(),
    headers: p.json<Record<string, string>>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    claimedAt: p.datetime(),
    expiresAt: p.datetime(),
  }),
});
export type IIdempotencyRecord = InferEntity<typeof IdempotencyRecord>;
