import type { EntityManager } from '@mikro-orm/postgresql';
import type { EffectiveRole } from '@schedhuler/shared';
import { rawQuery } from './sql';

/** Accounts (`app_user`) and what a user is a member of. */

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  is_admin: boolean;
  disabled_at: Date | null;
  created_at: Date;
  /** Live sessions, counted when the row was read. */
  active_sessions: string;
}

const USER_COLUMNS = `u.id, u.username, u.display_name, u.is_admin, u.disabled_at, u.created_at,
  (select count(*) from app_session s where s.user_id = u.id and s.revoked_at is null and s.expires_at > now()) as active_sessions`;

export function findUsers(em: EntityManager): Promise<UserRow[]> {
  return rawQuery<UserRow>(em, `select ${USER_COLUMNS} from app_user u order by u.username`);
}

/** A new account; undefined when the username is taken. */
export async function insertUser(em: EntityManager, u: { username: string; displayName: string; passwordHash: string; isAdmin: boolean }): Promise<{ id: string } | undefined> {
  const [row] = await rawQuery<{ id: string }>(
    em,
    `insert into app_user (id, username, display_name, password_hash, is_admin, created_at)
     values (gen_random_uuid(), ?, ?, ?, ?, now())
     on conflict (username) do nothing returning id`,
    [u.username, u.displayName, u.passwordHash, u.isAdmin],
  );
  return row;
}

/** Disables (keeping the first time) or enables an account; returns the row. */
export async function setUserDisabled(em: EntityManager, userId: string, disabled: boolean): Promise<UserRow | undefined> {
  const [row] = await rawQuery<UserRow>(em, `update app_user u set disabled_at = ${disabled ? 'coalesce(u.disabled_at, now())' : 'null'} where u.id = ? returning ${USER_COLUMNS}`, [userId]);
  return row;
}

export async function setPasswordHash(em: EntityManager, userId: string, passwordHash: string): Promise<void> {
  await rawQuery(em, 'update app_user set password_hash = ? where id = ?', [passwordHash, userId]);
}

export async function findPasswordHash(em: EntityManager, userId: string): Promise<string | undefined> {
  const [row] = await rawQuery<{ password_hash: string }>(em, 'select password_hash from app_user where id = ?', [userId]);
  return row?.password_hash;
}

export async function findUserName(em: EntityManager, userId: string): Promise<{ id: string; username: string; display_name: string } | undefined> {
  const [row] = await rawQuery<{ id: string; username: string; display_name: string }>(em, 'select id, username, display_name from app_user where id = ?', [userId]);
  return row;
}

/** Row-locks the user until the caller's transaction ends; false when there is no such user. */
export async function lockUser(em: EntityManager, userId: string): Promise<boolean> {
  const rows = await rawQuery<{ id: string }>(em, 'select id from app_user where id = ? for update', [userId]);
  return rows.length > 0;
}

/** The user's memberships, oldest first. */
export function findMembershipsOf(em: EntityManager, userId: string): Promise<{ board_id: string; role: EffectiveRole }[]> {
  return rawQuery(em, 'select board_id, role from membership where user_id = ? order by created_at', [userId]);
}

/** Enabled accounts whose username or display name matches an ILIKE pattern (the caller escapes it), by username, at most 50. */
export function findActiveUsersLike(em: EntityManager, pattern: string): Promise<{ id: string; username: string; display_name: string }[]> {
  return rawQuery(
    em,
    `select id, username, display_name from app_user
      where disabled_at is null and (username ilike ? or display_name ilike ?) order by username limit 50`,
    [pattern, pattern],
  );
}
