import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

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

/**
 * A request's ctx whose EM is forked on first use: a fork costs more than a whole cached-session
 * request that needs no database (the schedule preview), so it is not paid up front.
 */
export function lazyCtx(orm: MikroORM, requestId?: string): Ctx {
  let em: EntityManager | undefined;
  return {
    get em() {
      return (em ??= orm.em.fork());
    },
    actor: null,
    requestId,
  };
}
