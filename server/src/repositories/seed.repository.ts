import type { EntityManager } from '@mikro-orm/postgresql';
import type { AssetKind } from '@schedhuler/shared';
import { rawQuery } from './sql';

/** What seeding an empty database writes: the first admin, the demo board, its users and assets. */

/** Transaction-level advisory lock that serialises every seed of an empty database across nodes. */
export const SEED_LOCK = 4242001;

/** Takes the seed lock (held until the transaction ends) and tells whether any user exists yet. */
export async function lockSeedAndCountUsers(em: EntityManager): Promise<number> {
  await rawQuery(em, 'select pg_advisory_xact_lock(?)', [SEED_LOCK]);
  const [row] = await rawQuery<{ n: string }>(em, 'select count(*) as n from app_user');
  return Number(row?.n ?? 0);
}

export async function insertSeedBoard(em: EntityManager, b: { name: string; timezone: string; horizonDays: number }): Promise<string> {
  const [row] = await rawQuery<{ id: string }>(
    em,
    `insert into board (id, name, timezone, horizon_days, last_seq, created_at) values (gen_random_uuid(), ?, ?, ?, 0, now()) returning id`,
    [b.name, b.timezone, b.horizonDays],
  );
  return row!.id;
}

export async function insertSeedUser(em: EntityManager, u: { username: string; displayName: string; passwordHash: string; isAdmin: boolean }): Promise<string> {
  const [row] = await rawQuery<{ id: string }>(
    em,
    `insert into app_user (id, username, display_name, password_hash, is_admin, created_at) values (gen_random_uuid(), ?, ?, ?, ?, now()) returning id`,
    [u.username, u.displayName, u.passwordHash, u.isAdmin],
  );
  return row!.id;
}

export async function insertSeedMembership(em: EntityManager, boardId: string, userId: string, role: string): Promise<void> {
  await rawQuery(em, `insert into membership (id, board_id, user_id, role, created_at) values (gen_random_uuid(), ?, ?, ?, now())`, [boardId, userId, role]);
}

export async function insertSeedAsset(em: EntityManager, boardId: string, a: { code: string; name: string; kind: AssetKind }): Promise<void> {
  await rawQuery(
    em,
    `insert into asset (id, board_id, code, name, kind, status, version, created_at, updated_at) values (gen_random_uuid(), ?, ?, ?, ?, 'working', 1, now(), now())`,
    [boardId, a.code, a.name, a.kind],
  );
}
