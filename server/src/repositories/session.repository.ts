import type { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from './sql';

/** Sign-in sessions (`app_session`; only a token's hash is stored). */

export interface SessionUserRow {
  session_id: string;
  last_seen_at: Date;
  expires_at: Date;
  id: string;
  username: string;
  display_name: string;
  is_admin: boolean;
}

/** The live session of a token hash with its (enabled) user. */
export async function findLiveSession(em: EntityManager, tokenHash: string): Promise<SessionUserRow | undefined> {
  const [row] = await rawQuery<SessionUserRow>(
    em,
    `select s.id as session_id, s.last_seen_at, s.expires_at, u.id, u.username, u.display_name, u.is_admin
       from app_session s join app_user u on u.id = s.user_id
      where s.token_hash = ? and s.revoked_at is null and s.expires_at > now() and u.disabled_at is null`,
    [tokenHash],
  );
  return row;
}

/** Slides a session's expiry (seen now). */
export async function touchSession(em: EntityManager, sessionId: string, expiresAt: Date): Promise<void> {
  await rawQuery(em, 'update app_session set last_seen_at = now(), expires_at = ? where id = ?', [expiresAt, sessionId]);
}

export async function revokeSessionByTokenHash(em: EntityManager, tokenHash: string): Promise<void> {
  await rawQuery(em, 'update app_session set revoked_at = now() where token_hash = ? and revoked_at is null', [tokenHash]);
}

/** Ends live sessions of a user (all, one by id, or all but one token hash); returns their token hashes. */
export async function revokeSessionsOf(em: EntityManager, userId: string, only: { sessionId?: string; exceptTokenHash?: string }): Promise<string[]> {
  const params: unknown[] = [userId];
  let where = '';
  if (only.sessionId) {
    where += ' and id = ?';
    params.push(only.sessionId);
  }
  if (only.exceptTokenHash) {
    where += ' and token_hash <> ?';
    params.push(only.exceptTokenHash);
  }
  const rows = await rawQuery<{ token_hash: string }>(em, `update app_session set revoked_at = now() where user_id = ? and revoked_at is null${where} returning token_hash`, params);
  return rows.map((r) => r.token_hash);
}

/** A user's live sessions (not ended, not expired), the most recently used first. */
export function findLiveSessionsOf(em: EntityManager, userId: string): Promise<{ id: string; token_hash: string; user_agent: string; created_at: Date; last_seen_at: Date; expires_at: Date }[]> {
  return rawQuery(
    em,
    `select id, token_hash, user_agent, created_at, last_seen_at, expires_at from app_session
      where user_id = ? and revoked_at is null and expires_at > now()
      order by last_seen_at desc, created_at desc`,
    [userId],
  );
}

/** Of these token hashes, those whose session is still live (not ended, not expired). */
export async function findLiveTokenHashes(em: EntityManager, tokenHashes: readonly string[]): Promise<Set<string>> {
  const rows = await rawQuery<{ token_hash: string }>(em, 'select token_hash from app_session where token_hash in (?) and revoked_at is null and expires_at > now()', [tokenHashes]);
  return new Set(rows.map((r) => r.token_hash));
}
