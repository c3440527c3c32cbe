import type { EntityManager } from '@mikro-orm/postgresql';

export interface Actor {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
}

/** What every service method gets: its own EM fork and who is asking. */
export interface Ctx {
  em: EntityManager;
  actor: Actor | null;
  requestId?: string;
}

export type AuthedCtx = Ctx & { actor: Actor };
