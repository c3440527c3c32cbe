import type { EntityManager } from '@mikro-orm/postgresql';
import { createUserBody } from '@schedhuler/shared';
import { hashPassword } from '../services/password';
import { insertSeedUser, lockSeedAndCountUsers } from '../repositories/seed.repository';

export interface InitialAdmin {
  username: string;
  password: string;
}

/**
 * `ADMIN_USERNAME` (default `admin`) and `ADMIN_PASSWORD`: the first admin of a production
 * database, which has no demo users (`SEED_DEMO=0`) and so no one to sign in as otherwise. Checked
 * with the same rules as `POST /api/users`; a bad value stops the start-up.
 */
export function parseInitialAdmin(env: NodeJS.ProcessEnv): InitialAdmin | undefined {
  if (!env.ADMIN_PASSWORD) return undefined;
  const parsed = createUserBody.safeParse({ username: env.ADMIN_USERNAME || 'admin', displayName: 'Administrator', password: env.ADMIN_PASSWORD });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path[0] === 'password' ? 'ADMIN_PASSWORD' : 'ADMIN_USERNAME';
    throw new Error(`${name} ${issue.message}`);
  }
  return { username: parsed.data.username, password: parsed.data.password };
}

/** Creates the initial admin when the database has no user at all; never touches a database that has. */
export async function seedInitialAdmin(em: EntityManager, admin: InitialAdmin): Promise<boolean> {
  return em.transactional(async (tx) => {
    if ((await lockSeedAndCountUsers(tx)) > 0) return false;
    await insertSeedUser(tx, { username: admin.username, displayName: 'Administrator', passwordHash: await hashPassword(admin.password), isAdmin: true });
    return true;
  });
}
