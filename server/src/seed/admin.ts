import type { EntityManager } from '@mikro-orm/postgresql';
import { createUserBody } from '@schedhuler/shared';
import { hashPassword } from '../services/password';

/** Transaction-level advisory lock that serialises every seed of an empty database across nodes. */
export const SEED_LOCK = 4242001;

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
    await tx.execute('select pg_advisory_xact_lock(?)', [SEED_LOCK]);
    const [{ n }] = (await tx.execute<{ n: string }[]>('select count(*) as n from app_user')) as [{ n: string }];
    if (Number(n) > 0) return false;
    await tx.execute(
      `insert into app_user (id, username, display_name, password_hash, is_admin, created_at) values (gen_random_uuid(), ?, 'Administrator', ?, true, now())`,
      [admin.username, await hashPassword(admin.password)],
    );
    return true;
  });
}
