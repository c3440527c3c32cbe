import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export const User = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    username: p.string().length(40).unique(),
    displayName: p.string().length(100),
    passwordHash: p.text().hidden(),
    isAdmin: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    // A disabled user cannot sign in and holds no session; the row stays for the history it authored.
    disabledAt: p.datetime().nullable(),
  }),
});
export type IUser = InferEntity<typeof User>;
