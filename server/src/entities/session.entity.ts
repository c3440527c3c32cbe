import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from './user.entity';

export const Session = defineEntity({
  name: 'Session',
  tableName: 'app_session',
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    user: p.manyToOne(User).ref().deleteRule('cascade').index(),
    // sha256 of the cookie token: a leaked table does not leak usable sessions.
    tokenHash: p.string().length(64).unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastSeenAt: p.datetime(),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    // Sanitised User-Agent at sign-in (`sanitizeUserAgent`), shown as the session's device.
    userAgent: p.string().length(200).default(''),
  }),
});
export type ISession = InferEntity<typeof Session>;
